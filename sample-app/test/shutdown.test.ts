// Graceful shutdown on SIGTERM, against the real process: what makes a rolling update lose no request.
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { get, startServer } from './helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SIGTERM', () => {
  it('drains: readiness 503 at once, keeps serving through the delay, finishes in-flight requests, exits 0', async () => {
    const s = await startServer({ SHUTDOWN_DELAY_SECONDS: '2', SHUTDOWN_TIMEOUT_SECONDS: '10' });
    try {
      // An idle keep-alive connection, as a client pool would hold one.
      const idle = connect(s.port, '127.0.0.1');
      let idleClosedAt = 0;
      const idleAnswered = new Promise<void>((resolve) => {
        idle.once('data', () => resolve());
      });
      idle.on('close', () => (idleClosedAt = performance.now()));
      idle.on('error', () => undefined);
      idle.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
      await idleAnswered;

      // Long requests in flight when the signal comes, and still after the listener closes.
      const inflight = [1, 2, 3].map(() =>
        get(s.port, '/stress?seconds=3.5').then(
          (r) => r.status,
          (err: Error) => err.message,
        ),
      );

      // Steady traffic over keep-alive connections, until the moment the endpoint would be gone.
      const agent = new Agent({ keepAlive: true, maxSockets: 4 });
      let stopAt = Number.POSITIVE_INFINITY;
      const results: { status: number; connection: string | undefined; sentAt: number }[] = [];
      const errors: string[] = [];
      const loop = async () => {
        while (performance.now() < stopAt) {
          const sentAt = performance.now();
          try {
            const r = await get(s.port, '/', { agent });
            results.push({ status: r.status, connection: r.headers.connection, sentAt });
          } catch (err) {
            errors.push((err as Error).message);
          }
        }
      };
      const loops = [loop(), loop(), loop(), loop()];

      await sleep(300);
      const t0 = performance.now();
      s.proc.kill('SIGTERM');
      await s.waitForLog((l) => l.msg.startsWith('shutdown started'));
      const seen = performance.now(); // the server has turned unready by now
      stopAt = seen + 500; // the delay is 2 s: stop sending well inside it

      const ready = await get(s.port, '/ready');
      expect(ready.status).toBe(503);
      expect(ready.json).toEqual({ status: 'not ready', reason: 'shutting down' });
      expect(ready.headers.connection).toBe('close');
      expect((await get(s.port, '/health')).status).toBe(200); // still live while draining

      await Promise.all(loops);
      agent.destroy();
      expect(errors).toEqual([]);
      expect(results.length).toBeGreaterThan(20);
      expect(results.filter((r) => r.status !== 200)).toEqual([]);
      // once shutdown has begun, every response tells the client to reconnect elsewhere
      const late = results.filter((r) => r.sentAt > seen);
      expect(late.length).toBeGreaterThan(0);
      expect(late.filter((r) => r.connection !== 'close')).toEqual([]);

      // once the delay is over, the listener is closed and so is the idle connection…
      await sleep(Math.max(0, seen + 2400 - performance.now()));
      await expect(get(s.port, '/')).rejects.toThrow(/ECONNREFUSED/);
      expect(idleClosedAt).toBeGreaterThanOrEqual(t0 + 1950);
      expect(idleClosedAt).toBeLessThan(seen + 2400);

      // …while the in-flight requests still finish normally
      expect(await Promise.all(inflight)).toEqual([200, 200, 200]);

      const exit = await s.exited;
      expect(exit.code).toBe(0);
      expect(exit.at - t0).toBeLessThan(10_000);
      expect(s.logs.some((l) => l.msg === 'shutdown complete')).toBe(true);
    } finally {
      await s.stop();
    }
  });

  it('exits 0 at once when idle and there is no delay', async () => {
    const s = await startServer();
    const t0 = performance.now();
    s.proc.kill('SIGTERM');
    const exit = await s.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - t0).toBeLessThan(2000);
  });

  it('gives up at SHUTDOWN_TIMEOUT_SECONDS: cuts what is left and exits 1', async () => {
    const s = await startServer({ SHUTDOWN_TIMEOUT_SECONDS: '1' });
    try {
      const stuck = get(s.port, '/stress?seconds=20').then(
        () => 'answered',
        () => 'cut',
      );
      await sleep(200);
      const t0 = performance.now();
      s.proc.kill('SIGTERM');
      const exit = await s.exited;
      expect(exit.code).toBe(1);
      expect(exit.at - t0).toBeGreaterThanOrEqual(900);
      expect(exit.at - t0).toBeLessThan(4000);
      expect(await stuck).toBe('cut');
      expect(s.logs.some((l) => l.level === 'error' && /timed out/.test(l.msg))).toBe(true);
    } finally {
      await s.stop();
    }
  });
});
