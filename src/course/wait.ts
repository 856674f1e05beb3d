import type { Check, CheckResult } from '../checks/check.js';
import { evaluateAll, type Baselines } from '../checks/evaluate.js';
import { InterruptedError } from '../errors.js';
import { isNamespaced } from '../kube/resources.js';
import type { Kube } from '../kube/types.js';

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Ends the wait early as not passed (the learner chose to skip). */
  cancel?: AbortSignal;
  baselines?: Baselines;
  /** Called with every new evaluation, for live progress. */
  onUpdate?(results: CheckResult[]): void;
  /** Called when the connection to the cluster drops and comes back. */
  onConnection?(state: 'lost' | 'restored'): void;
}

export interface WaitOutcome {
  passed: boolean;
  results: CheckResult[];
  elapsedMs: number;
}

/** Checks that watch nothing (an HTTP answer, a metric) are re-asked at this pace. */
const POLL_MS = 2_000;

/**
 * Waits until every check passes, re-evaluating on each watch event of the kinds the checks
 * declare, not on a timer. Evaluations never overlap: events that arrive during one coalesce
 * into a single follow-up.
 */
export function waitUntil(checks: Check[], ctx: { kube: Kube; namespace: string }, options: WaitOptions): Promise<WaitOutcome> {
  const started = Date.now();
  return new Promise<WaitOutcome>((resolve, reject) => {
    let settled = false;
    let running = false;
    let dirty = false;
    let last: CheckResult[] = [];
    const cleanups: (() => void)[] = [];

    const finish = (passed: boolean) => {
      if (settled) return;
      settled = true;
      for (const cleanup of cleanups) cleanup();
      resolve({ passed, results: last, elapsedMs: Date.now() - started });
    };

    const evaluate = async () => {
      if (settled) return;
      if (running) {
        dirty = true;
        return;
      }
      running = true;
      try {
        do {
          dirty = false;
          last = await evaluateAll(checks, ctx, options.baselines);
          if (settled) return;
          options.onUpdate?.(last);
          if (last.every((r) => r.passed)) return finish(true);
        } while (dirty);
      } finally {
        running = false;
      }
    };

    const specs = new Map<string, { apiVersion: string; kind: string }>();
    for (const check of checks) for (const w of check.watches) specs.set(`${w.apiVersion}/${w.kind}`, w);
    let connectionLost = false;
    for (const spec of specs.values()) {
      const handle = ctx.kube.watch(
        spec.apiVersion,
        spec.kind,
        {
          namespace: isNamespaced(spec.kind) ? ctx.namespace : null,
          onConnection: (state) => {
            if (state === 'lost' && !connectionLost) {
              connectionLost = true;
              options.onConnection?.('lost');
            } else if (state === 'restored' && connectionLost) {
              connectionLost = false;
              options.onConnection?.('restored');
              void evaluate();
            }
          },
        },
        () => void evaluate(),
      );
      cleanups.push(() => handle.stop());
    }
    if (checks.some((c) => c.watches.length === 0)) {
      const poll = setInterval(() => void evaluate(), POLL_MS);
      cleanups.push(() => clearInterval(poll));
    }

    const timeout = setTimeout(() => finish(false), options.timeoutMs);
    cleanups.push(() => clearTimeout(timeout));
    if (options.signal) {
      const onAbort = () => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups) cleanup();
        reject(new InterruptedError());
      };
      if (options.signal.aborted) return onAbort();
      options.signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => options.signal!.removeEventListener('abort', onAbort));
    }
    if (options.cancel) {
      const onCancel = () => finish(false);
      if (options.cancel.aborted) return finish(false);
      options.cancel.addEventListener('abort', onCancel, { once: true });
      cleanups.push(() => options.cancel!.removeEventListener('abort', onCancel));
    }
    void evaluate();
  });
}
