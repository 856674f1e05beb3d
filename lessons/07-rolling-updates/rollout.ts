import { APP, CHANGE_CAUSE_ANNOTATION, DEPLOYMENT, InterruptedError, rolloutStatus, type KubeObject, type LessonContext } from '../kit.js';
import { rolloutRow, versionLabel } from './rollout-picture.js';
import { describeTraffic, sendTraffic, viaServiceProxy, type TrafficReport } from './traffic.js';

/** The sample app reports this version when APP_VERSION is not set. */
export const APP_DEFAULT_VERSION = '1.0.0';

/** Lesson 7's change-under-traffic: make a change, draw the rollout live, count failed requests. */

export interface Measured {
  report: TrafficReport;
  rows: number;
  finished: boolean;
  /** From the change to the end of the rollout, when it ended. */
  rolloutMs?: number;
}

/** A box's label in the picture: the version by default. */
export type BoxLabel = (replicaSet: KubeObject) => string;

const byVersion: BoxLabel = (rs) => versionLabel(rs, APP_DEFAULT_VERSION);

/** How long a rollout may take before the tutor stops counting. */
export const ROLLOUT_TIMEOUT_MS = 50_000;
/** Traffic goes on this long past the rollout's end, so that the last old pods' shutdown is counted too. */
export const TAIL_MS = 1_000;

/** Rejects with InterruptedError when `signal` aborts (Ctrl-C); `forget` drops the listener. */
function interruption(signal: AbortSignal): { interrupted: Promise<never>; forget: () => void } {
  let onAbort = () => {};
  const interrupted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new InterruptedError());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  interrupted.catch(() => undefined);
  return { interrupted, forget: () => signal.removeEventListener('abort', onAbort) };
}

/** Resolves after `ms`, or rejects with InterruptedError as soon as `signal` aborts. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  const { interrupted, forget } = interruption(signal);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, ms))), interrupted]);
  } finally {
    clearTimeout(timer);
    forget();
  }
}

/**
 * Prints a new picture row whenever the ReplicaSets' pod counts change, until the rollout is done
 * as `kubectl rollout status` judges it (the Deployment's own status, nothing else in the namespace),
 * or `timeoutMs`. Ctrl-C (ctx.signal) ends it at once with InterruptedError, its watches stopped.
 */
export async function followRollout(ctx: LessonContext, change: () => Promise<void>, options: { timeoutMs: number; label?: BoxLabel }): Promise<{ rows: number; finished: boolean; rolloutMs?: number }> {
  const label = options.label ?? byVersion;
  const replicaSets = new Map<string, KubeObject>();
  let deployment: KubeObject | undefined;
  let last = '';
  let rows = 0;
  let changedAt: number | undefined;
  let finish!: (done: boolean) => void;
  const finished = new Promise<boolean>((resolve) => (finish = resolve));
  let listed = false;
  const draw = () => {
    if (!deployment || !listed) return;
    const row = rolloutRow(deployment, [...replicaSets.values()], label);
    if (row !== last) {
      last = row;
      rows++;
      ctx.ui.dim(`step ${String(rows).padStart(2)}:  ${row}`);
    }
    if (changedAt !== undefined && rolloutStatus(deployment).done) finish(true);
  };
  const handles = [
    ctx.kube.watch('apps/v1', 'ReplicaSet', {}, ({ type, object }) => {
      if (type === 'DELETED') replicaSets.delete(object.metadata.name);
      else replicaSets.set(object.metadata.name, object);
      draw();
    }),
    ctx.kube.watch('apps/v1', 'Deployment', { fieldSelector: `metadata.name=${APP}` }, ({ object }) => {
      deployment = object;
      draw();
    }),
  ];
  const timer = setTimeout(() => finish(false), options.timeoutMs);
  const { interrupted, forget } = interruption(ctx.signal);
  const follow = async () => {
    await Promise.all(handles.map((h) => h.ready));
    listed = true;
    draw();
    if (ctx.signal.aborted) throw new InterruptedError();
    await change();
    changedAt = Date.now();
    deployment = (await ctx.kube.get(DEPLOYMENT)) ?? deployment;
    draw();
    const done = await finished;
    return { rows, finished: done, ...(done ? { rolloutMs: Date.now() - changedAt } : {}) };
  };
  try {
    return await Promise.race([follow(), interrupted]);
  } finally {
    clearTimeout(timer);
    forget();
    finish(false);
    for (const h of handles) h.stop();
  }
}

/**
 * Sends steady GET /version through the Service (via the API server's proxy) while `change` rolls
 * out; keeps sending TAIL_MS past the end so that the last pods' shutdown is counted too. Ctrl-C
 * stops the traffic and the drawing at once (InterruptedError).
 */
export async function changeUnderTraffic(ctx: LessonContext, change: () => Promise<void>, label?: BoxLabel): Promise<Measured> {
  const stop = new AbortController();
  const traffic = sendTraffic(viaServiceProxy(ctx.kube, APP, 80, '/version', 'version'), {
    maxRequests: 2_000, maxMs: ROLLOUT_TIMEOUT_MS + 5_000, intervalMs: 50, concurrency: 2, stop: AbortSignal.any([stop.signal, ctx.signal]),
  });
  try {
    const followed = await followRollout(ctx, change, { timeoutMs: ROLLOUT_TIMEOUT_MS, ...(label ? { label } : {}) });
    await pause(TAIL_MS, ctx.signal);
    stop.abort();
    return { report: await traffic, ...followed };
  } finally {
    stop.abort();
  }
}

export function trafficLines(measured: Measured): string[] {
  const { report } = measured;
  const versions = Object.entries(report.answers).map(([v, n]) => `${v} ×${n}`).join(', ');
  return [
    `traffic: ${describeTraffic(report)}`,
    `answers by version: ${versions || 'none'}`,
    measured.finished && measured.rolloutMs !== undefined
      ? `(the rollout finished ${(measured.rolloutMs / 1000).toFixed(1)} s after the change; the tutor counted ${TAIL_MS / 1000} s more, then stopped)`
      : '(the rollout had not finished when the tutor stopped counting)',
  ];
}

/** APP_VERSION in the pod template, and (when given) the change-cause that `rollout history` shows. */
export function setVersionPatch(version: string, cause?: string): unknown {
  return {
    ...(cause ? { metadata: { annotations: { [CHANGE_CAUSE_ANNOTATION]: cause } } } : {}),
    spec: { template: { spec: { containers: [{ name: APP, env: [{ name: 'APP_VERSION', value: version }] }] } } },
  };
}
