import type { Kube } from '../engine.js';

export interface LoadOptions {
  /** Requests in flight at once. */
  workers: number;
  /** Seconds of CPU each /stress request asks for. */
  secondsPerRequest: number;
  /** Hard limits: the load stops at whichever comes first, or when `stop` aborts. */
  maxRequests: number;
  maxMs: number;
  stop: AbortSignal;
}

export interface LoadReport {
  sent: number;
  succeeded: number;
  elapsedMs: number;
}

/**
 * CPU load on the app through its Service (GET /stress via the API server's proxy), bounded in
 * request count and in time. Resolves when the load has stopped.
 */
export async function stressLoad(kube: Kube, service: { name: string; port: number }, options: LoadOptions): Promise<LoadReport> {
  const started = Date.now();
  let sent = 0;
  let succeeded = 0;
  const more = () => !options.stop.aborted && sent < options.maxRequests && Date.now() - started < options.maxMs;
  const worker = async () => {
    while (more()) {
      sent++;
      // A failed request is counted as not answered (below), never thrown: the load is best effort.
      const answer = await kube.proxy({ kind: 'service', name: service.name, port: service.port }, `/stress?seconds=${options.secondsPerRequest}`).catch(() => undefined);
      if (answer?.status === 200) succeeded++;
      // 429 (the pod is already busy) or an error: pause, so that a failing loop never spins.
      else await new Promise((r) => setTimeout(r, 1000));
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  return { sent, succeeded, elapsedMs: Date.now() - started };
}
