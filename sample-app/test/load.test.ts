// /stress and /memory: the CPU and memory the later lessons need, within their caps,
// without starving the probes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post, startServer, type Running } from './helpers.ts';

describe('/stress', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ MAX_STRESS_SECONDS: '2', MAX_STRESS_JOBS: '2' });
  });
  afterAll(() => s.stop());

  it('burns CPU for the requested time in a worker while /health keeps answering', async () => {
    const cpuBefore = await cpuSecondsOf(s);
    const started = performance.now();
    const stress = get(s.port, '/stress?seconds=1.5');
    const latencies: number[] = [];
    let done = false;
    void stress.finally(() => (done = true));
    while (!done) {
      const t = performance.now();
      const h = await get(s.port, '/health');
      expect(h.status).toBe(200);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 25));
    }
    const r = await stress;
    const wall = performance.now() - started;
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ seconds: 1.5, requested_seconds: 1.5, capped: false });
    expect(r.json.elapsed_ms).toBeGreaterThanOrEqual(1500);
    expect(wall).toBeGreaterThanOrEqual(1500);
    // A blocked event loop would give one /health answer after ~1.5 s; a free one gives many, fast.
    expect(latencies.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...latencies)).toBeLessThan(750);
    // and the CPU was really used: the worker spins (a sleeping one would use close to nothing;
    // the bound is loose because other tests share the machine's cores)
    const cpuAfter = await cpuSecondsOf(s);
    expect(cpuAfter - cpuBefore).toBeGreaterThan(0.3);
  });

  it('caps seconds at MAX_STRESS_SECONDS', async () => {
    const started = performance.now();
    const r = await get(s.port, '/stress?seconds=3600');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ seconds: 2, requested_seconds: 3600, capped: true });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('answers 429 when MAX_STRESS_JOBS are already running', async () => {
    const a = get(s.port, '/stress?seconds=1');
    const b = get(s.port, '/stress?seconds=1');
    await new Promise((r) => setTimeout(r, 200));
    const c = await get(s.port, '/stress?seconds=1');
    expect(c.status).toBe(429);
    expect(c.headers['retry-after']).toBe('1');
    expect(c.json.detail).toMatch(/MAX_STRESS_JOBS=2/);
    expect((await a).status).toBe(200);
    expect((await b).status).toBe(200);
    // the slots free up again
    expect((await get(s.port, '/stress?seconds=0')).status).toBe(200);
  });
});

/** CPU seconds used by the server process so far, from /proc (Linux). */
async function cpuSecondsOf(s: Running): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${s.proc.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return ticks / 100; // USER_HZ is 100 on Linux
}

describe('/memory', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ MAX_MEMORY_MB: '96' });
  });
  afterAll(() => s.stop());

  it('allocates and holds resident memory', async () => {
    const before = await get(s.port, '/memory');
    expect(before.json).toMatchObject({ held_mb: 0, max_memory_mb: 96 });
    const r = await get(s.port, '/memory?mb=64');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ requested_mb: 64, allocated_mb: 64, held_mb: 64, capped: false });
    // written pages count against a memory limit; untouched ones would not
    expect(r.json.rss_mb - before.json.rss_mb).toBeGreaterThanOrEqual(60);
  });

  it('caps the total at MAX_MEMORY_MB', async () => {
    const r = await get(s.port, '/memory?mb=1000');
    expect(r.json).toMatchObject({ requested_mb: 1000, allocated_mb: 32, held_mb: 96, capped: true });
    const again = await get(s.port, '/memory?mb=1');
    expect(again.json).toMatchObject({ allocated_mb: 0, held_mb: 96, capped: true });
    expect((await get(s.port, '/memory')).json.held_mb).toBe(96);
    expect((await get(s.port, '/health')).status).toBe(200);
  });

  it('releases on POST /memory/release, and the budget is back', async () => {
    const r = await post(s.port, '/memory/release');
    expect(r.json).toMatchObject({ released_mb: 96, held_mb: 0 });
    const again = await get(s.port, '/memory?mb=10');
    expect(again.json).toMatchObject({ allocated_mb: 10, held_mb: 10, capped: false });
  });

  it('two requests at once cannot both pass the cap', async () => {
    await post(s.port, '/memory/release');
    const [a, b] = await Promise.all([get(s.port, '/memory?mb=80'), get(s.port, '/memory?mb=80')]);
    expect(a.json.allocated_mb + b.json.allocated_mb).toBe(96);
    expect((await get(s.port, '/memory')).json.held_mb).toBe(96);
  });
});
