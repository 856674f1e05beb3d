// POST /memory/release gives the memory back to the kernel: the real server's resident set, read from
// /proc/PID/status, is back within 20% of what it was before the allocation, within 5 s, while idle.
// Several rounds, because the second one is where a malloc-held allocation used to stay resident.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post, startServer, type Running } from './helpers.ts';

/** VmRSS of a process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb[1]) / 1024;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('POST /memory/release returns the memory to the kernel', () => {
  let s: Running;
  let pid: number;
  beforeAll(async () => {
    s = await startServer({ MAX_MEMORY_MB: '512', LOG_LEVEL: 'warning' });
    pid = s.proc.pid!;
  }, 30_000);
  afterAll(() => s.stop());

  // [what is asked for, in how many requests]: one big request, many small ones, then one again.
  const rounds: [number, number][] = [
    [256, 1],
    [40, 5],
    [300, 1],
    [1, 20],
  ];
  it.each(rounds)('%i MiB × %i requests, released: RSS within 20 percent of before, within 5 s', async (mb, times) => {
    // the level before the allocation: the server warmed up by a few ordinary requests, idle
    for (const path of ['/', '/health', '/memory', '/info', '/config']) await get(s.port, path);
    await sleep(300);
    const before = rssMiB(pid);

    let held = 0;
    for (let i = 0; i < times; i++) held = (await get(s.port, `/memory?mb=${mb}`)).json.held_mb as number;
    expect(held).toBe(mb * times);
    const allocated = rssMiB(pid);
    expect(allocated - before).toBeGreaterThan(mb * times * 0.9); // the pages were written

    const r = await post(s.port, '/memory/release');
    expect(r.json).toMatchObject({ released_mb: mb * times, held_mb: 0 });
    const released = performance.now();
    let now = rssMiB(pid);
    while (now > before * 1.2 && performance.now() - released < 5000) {
      await sleep(100);
      now = rssMiB(pid);
    }
    expect(now, `RSS ${before.toFixed(1)} MiB before, ${allocated.toFixed(1)} holding, ${now.toFixed(1)} after release`).toBeLessThanOrEqual(before * 1.2);
  }, 30_000);

  it('an allocation cut short by a release leaves nothing held', async () => {
    const before = rssMiB(pid);
    const big = get(s.port, '/memory?mb=400');
    await sleep(20);
    await post(s.port, '/memory/release');
    const r = await big;
    expect(r.json.allocated_mb).toBeLessThanOrEqual(400);
    await post(s.port, '/memory/release'); // what the cut-short request held up to the release
    expect((await get(s.port, '/memory')).json.held_mb).toBe(0);
    await sleep(200);
    expect(rssMiB(pid)).toBeLessThanOrEqual(before * 1.2);
  });
});
