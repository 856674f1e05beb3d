import { Agent, request } from 'node:http';

/**
 * Steady, bounded HTTP traffic for the zero-downtime test: a few workers, each sending GETs one
 * after another over keep-alive connections (as a real client would), with a short pause between.
 * Every answer other than 200, and every connection error or timeout, counts as failed.
 */

export interface LoadStats {
  total: number;
  failed: number;
  /** Failures by reason ("503", "ECONNRESET", "timeout"…). */
  reasons: Record<string, number>;
  seconds: number;
}

export interface Load {
  /** Keeps going until at least `minTotal` requests were sent (at most `maxMs` more), then stops. */
  stop(minTotal: number, maxMs?: number): Promise<LoadStats>;
  snapshot(): LoadStats;
}

export function startLoad(url: string, options: { workers?: number; pauseMs?: number; timeoutMs?: number } = {}): Load {
  const { workers = 2, pauseMs = 10, timeoutMs = 3_000 } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  const stats = { total: 0, failed: 0, reasons: {} as Record<string, number> };
  const started = Date.now();
  let stopping = false;

  const one = () =>
    new Promise<void>((resolve) => {
      let done = false;
      const finish = (failure?: string) => {
        if (done) return;
        done = true;
        stats.total++;
        if (failure) {
          stats.failed++;
          stats.reasons[failure] = (stats.reasons[failure] ?? 0) + 1;
        }
        resolve();
      };
      const req = request(url, { agent, timeout: timeoutMs }, (res) => {
        res.resume();
        res.on('end', () => finish(res.statusCode === 200 ? undefined : String(res.statusCode)));
        res.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
      });
      req.on('timeout', () => {
        req.destroy();
        finish('timeout');
      });
      req.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
      req.end();
    });

  const worker = async () => {
    while (!stopping) {
      await one();
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const running = Promise.all(Array.from({ length: workers }, worker));
  const snapshot = (): LoadStats => ({ ...stats, reasons: { ...stats.reasons }, seconds: (Date.now() - started) / 1000 });

  return {
    snapshot,
    async stop(minTotal, maxMs = 120_000) {
      const end = Date.now() + maxMs;
      while (stats.total < minTotal && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      stopping = true;
      await running;
      agent.destroy();
      return snapshot();
    },
  };
}
