// Structured logs and configuration errors at startup.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, get, post, SERVER_JS, startServer } from './helpers.ts';

describe('logs', () => {
  it('writes one JSON line per request with method, path, status and duration', async () => {
    const s = await startServer({ LOG_LEVEL: 'info' });
    try {
      await get(s.port, '/version?x=1');
      await post(s.port, '/notes', '{broken');
      const line = await s.waitForLog((l) => l.msg === 'request' && l.path === '/version');
      expect(line).toMatchObject({ level: 'info', method: 'GET', path: '/version', status: 200 });
      expect(typeof line.duration_ms).toBe('number');
      expect(line.duration_ms as number).toBeGreaterThanOrEqual(0);
      expect(Date.parse(line.time)).not.toBeNaN();
      const bad = await s.waitForLog((l) => l.msg === 'request' && l.path === '/notes');
      expect(bad).toMatchObject({ method: 'POST', status: 422 });
      // probes are debug-level noise: hidden at info
      await get(s.port, '/health');
      await get(s.port, '/');
      await s.waitForLog((l) => l.msg === 'request' && l.path === '/');
      expect(s.logs.some((l) => l.path === '/health')).toBe(false);
    } finally {
      await s.stop();
    }
  });

  it('LOG_LEVEL=debug shows probe requests; LOG_LEVEL=error hides request lines', async () => {
    const debug = await startServer({ LOG_LEVEL: 'debug' });
    try {
      await get(debug.port, '/health');
      const line = await debug.waitForLog((l) => l.path === '/health');
      expect(line).toMatchObject({ level: 'debug', status: 200 });
    } finally {
      await debug.stop();
    }
    const quiet = await startServer({ LOG_LEVEL: 'error' });
    try {
      await get(quiet.port, '/');
      await get(quiet.port, '/nope');
      await post(quiet.port, '/crash');
      await quiet.exited;
      expect(quiet.logs.filter((l) => l.msg === 'request')).toEqual([]);
      expect(quiet.logs.map((l) => l.level)).toEqual(['error']); // only the crash itself
    } finally {
      await quiet.stop();
    }
  });

  it.each([
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud" is not valid/],
    [{ PORT: 'eighty' }, /PORT="eighty" is not valid/],
    [{ MAX_STRESS_SECONDS: '-3' }, /MAX_STRESS_SECONDS="-3" is not valid/],
    [{ MAX_MEMORY_MB: '1.5' }, /MAX_MEMORY_MB="1.5" is not valid/],
  ])('refuses a bad setting %o with exit 2 and one line', async (env, message) => {
    await ensureBuilt();
    const r = spawnSync(process.execPath, [SERVER_JS], { env: { PATH: process.env.PATH, HOST: '127.0.0.1', ...env }, encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).msg).toMatch(message);
  });
});
