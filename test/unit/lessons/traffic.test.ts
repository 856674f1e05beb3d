import { describe, expect, it } from 'vitest';
import { describeTraffic, sendTraffic, TRAFFIC_LIMITS, viaServiceProxy, type Send } from '../../../lessons/07-rolling-updates/traffic.js';
import type { Kube } from '../../../src/kube/types.js';

describe('sendTraffic', () => {
  it('stops at the request cap and counts answers and failures by kind', async () => {
    let n = 0;
    const send: Send = async () => (++n % 4 === 0 ? { ok: false, error: 'HTTP 503' } : { ok: true, label: n % 2 ? '1.0.0' : '2.0.0' });
    const report = await sendTraffic(send, { maxRequests: 40, maxMs: 10_000, intervalMs: 0, concurrency: 3 });
    expect(report.sent).toBe(40);
    expect(report.failed).toBe(10);
    expect(report.failures).toEqual({ 'HTTP 503': 10 });
    expect(report.answers['1.0.0']! + report.answers['2.0.0']!).toBe(30);
    expect(describeTraffic(report)).toMatch(/^40 requests in \d+\.\d s, 10 failed \(10× HTTP 503\); failures spread over \d+\.\d s$/);
  });

  it('stops at the time cap, and when told to stop', async () => {
    const slow: Send = () => new Promise((r) => setTimeout(() => r({ ok: true, label: 'x' }), 20));
    const timed = await sendTraffic(slow, { maxRequests: 1_000, maxMs: 150, intervalMs: 0, concurrency: 1 });
    expect(timed.sent).toBeGreaterThan(2);
    expect(timed.sent).toBeLessThan(12);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const stopped = await sendTraffic(slow, { maxRequests: 1_000, maxMs: 10_000, intervalMs: 0, concurrency: 2, stop: stop.signal });
    expect(stopped.elapsedMs).toBeLessThan(500);
  });

  it('stops at once when told to, leaving a request still in flight uncounted (Ctrl-C does not wait for it)', async () => {
    const hanging: Send = () => new Promise(() => undefined);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    const stopped = await sendTraffic(hanging, { maxRequests: 1_000, maxMs: 10_000, intervalMs: 0, concurrency: 2, stop: stop.signal, requestTimeoutMs: 5_000 });
    expect(stopped.elapsedMs).toBeLessThan(150);
    expect(stopped).toMatchObject({ sent: 0, failed: 0 });
  });

  it('never goes past the hard limits, whatever it is asked', async () => {
    const send: Send = async () => ({ ok: true, label: 'x' });
    const report = await sendTraffic(send, { maxRequests: 1_000_000, maxMs: 10_000, intervalMs: 0, concurrency: 8 });
    expect(report.sent).toBeLessThanOrEqual(TRAFFIC_LIMITS.maxRequests + 8);
    expect(report.sent).toBeGreaterThanOrEqual(TRAFFIC_LIMITS.maxRequests);
  });

  it('counts a thrown error and a request slower than the timeout as failed', async () => {
    let n = 0;
    const send: Send = () => (++n === 1 ? Promise.reject(new Error('socket hang up\nstack')) : new Promise(() => undefined));
    const report = await sendTraffic(send, { maxRequests: 2, maxMs: 5_000, intervalMs: 0, concurrency: 1, requestTimeoutMs: 50 });
    expect(report.failures).toEqual({ 'socket hang up': 1, 'no answer within 0.05 s': 1 });
  });
});

describe('viaServiceProxy', () => {
  const kube = (status: number, body: string) => ({ proxy: async () => ({ status, body }) }) as unknown as Kube;
  it('labels an answer by a JSON field, and fails on a non-2xx status or a body that is not JSON', async () => {
    expect(await viaServiceProxy(kube(200, '{"version":"2.0.0"}'), 'svc', 80, '/version', 'version')()).toEqual({ ok: true, label: '2.0.0' });
    expect(await viaServiceProxy(kube(503, 'no endpoints'), 'svc', 80, '/version', 'version')()).toEqual({ ok: false, error: 'HTTP 503' });
    expect(await viaServiceProxy(kube(200, '<html>'), 'svc', 80, '/version', 'version')()).toEqual({ ok: false, error: 'an answer that is not JSON' });
  });
});
