import type { Kube } from '../kit.js';

/**
 * A small, bounded load loop: steady requests through the Service while something changes, to
 * count the ones that fail. Bounded three ways (request count, wall time, and a stop signal), and
 * it only ever talks to the cluster through the API server's service proxy.
 */

export interface TrafficOptions {
  /** Hard cap on requests sent. */
  maxRequests: number;
  /** Hard cap on wall time. */
  maxMs: number;
  /** Pause between requests of one worker. */
  intervalMs: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Ends the loop early (the change finished, or Ctrl-C), without waiting for requests in flight. */
  stop?: AbortSignal;
  /** A request slower than this counts as failed. */
  requestTimeoutMs?: number;
}

export interface TrafficReport {
  sent: number;
  failed: number;
  elapsedMs: number;
  /** How often each answer was seen ("1.0.0" → 40), for requests that succeeded. */
  answers: Record<string, number>;
  /** Why requests failed ("HTTP 503" → 3). */
  failures: Record<string, number>;
  /** From the first failed request to the last, in ms: how long the outage lasted (0 with no failure). */
  outageMs: number;
}

/** One request: the answer's label on success, or throws / returns {error} on failure. */
export type Send = () => Promise<{ ok: true; label: string } | { ok: false; error: string }>;

export const TRAFFIC_LIMITS = { maxRequests: 2_000, maxMs: 60_000 } as const;

export async function sendTraffic(send: Send, options: TrafficOptions): Promise<TrafficReport> {
  const maxRequests = Math.min(options.maxRequests, TRAFFIC_LIMITS.maxRequests);
  const maxMs = Math.min(options.maxMs, TRAFFIC_LIMITS.maxMs);
  const started = Date.now();
  const report: TrafficReport = { sent: 0, failed: 0, elapsedMs: 0, answers: {}, failures: {}, outageMs: 0 };
  let firstFailure: number | undefined;
  const timeoutMs = options.requestTimeoutMs ?? 5_000;
  const more = () => report.sent < maxRequests && Date.now() - started < maxMs && !options.stop?.aborted;

  // Told to stop, the loop stops now: a request still in flight is left to finish on its own, uncounted.
  let onStop: (() => void) | undefined;
  const stopped = new Promise<'stopped'>((resolve) => {
    onStop = () => resolve('stopped');
    if (options.stop?.aborted) onStop();
    else options.stop?.addEventListener('abort', onStop, { once: true });
  });

  const one = async () => {
    report.sent++;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<{ ok: false; error: string }>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutMs / 1000} s` }), timeoutMs);
    });
    const outcome = await Promise.race([send().catch((error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message.split('\n')[0]!.slice(0, 80) : String(error) })), timedOut, stopped]);
    clearTimeout(timer);
    if (outcome === 'stopped') report.sent--;
    else if (outcome.ok) report.answers[outcome.label] = (report.answers[outcome.label] ?? 0) + 1;
    else {
      report.failed++;
      report.failures[outcome.error] = (report.failures[outcome.error] ?? 0) + 1;
      firstFailure ??= Date.now();
      report.outageMs = Date.now() - firstFailure;
    }
  };

  const worker = async () => {
    while (more()) {
      await one();
      if (more() && options.intervalMs > 0) await new Promise((r) => setTimeout(r, options.intervalMs));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  if (onStop) options.stop?.removeEventListener('abort', onStop);
  report.elapsedMs = Date.now() - started;
  return report;
}

/** GET `path` through the API server's proxy to the Service; the answer's `field` labels it. */
export function viaServiceProxy(kube: Kube, service: string, port: number, path: string, field: string): Send {
  return async () => {
    const answer = await kube.proxy({ kind: 'service', name: service, port }, path);
    if (answer.status < 200 || answer.status >= 300) return { ok: false, error: `HTTP ${answer.status}` };
    try {
      const body = JSON.parse(answer.body) as Record<string, unknown>;
      return { ok: true, label: String(body[field] ?? '?') };
    } catch {
      return { ok: false, error: 'an answer that is not JSON' };
    }
  };
}

/** "412 requests, 0 failed", with the reasons when some failed. */
export function describeTraffic(report: TrafficReport): string {
  const reasons = Object.entries(report.failures).map(([why, n]) => `${n}× ${why}`).join(', ');
  const outage = report.failed > 0 ? `; failures spread over ${(report.outageMs / 1000).toFixed(1)} s` : '';
  return `${report.sent} requests in ${(report.elapsedMs / 1000).toFixed(1)} s, ${report.failed} failed${reasons ? ` (${reasons})` : ''}${outage}`;
}
