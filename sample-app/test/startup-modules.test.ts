// What the server loads at startup is resident for its whole life, under load too (issue 15, point 6):
// the modules that only some endpoints need are loaded when first used, not at startup.
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, get, SERVER_JS, startServer } from './helpers.ts';

/** The built-in modules a freshly started server has loaded (process.moduleLoadList). */
function startupModules(): string[] {
  const script = `
    process.env.PORT = '0'; process.env.HOST = '127.0.0.1'; process.env.LOG_LEVEL = 'error';
    process.env.DATA_DIR = ${JSON.stringify(join(tmpdir(), 'sample-app-test-unused-data'))};
    await import(${JSON.stringify(pathToFileURL(SERVER_JS).href)});
    setTimeout(() => { process.stdout.write('\\n' + JSON.stringify(process.moduleLoadList)); process.exit(0); }, 300);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

describe('startup', () => {
  let loaded: string[];
  beforeAll(async () => {
    await ensureBuilt();
    loaded = startupModules();
  }, 30_000);

  it.each(['crypto', 'worker_threads', 'fs/promises', 'internal/deps/undici/undici', 'internal/readline/interface'])('does not load %s', (mod) => {
    expect(loaded).not.toContain(`NativeModule ${mod}`);
  });

  it('loads them when an endpoint needs them, and the endpoints work', async () => {
    const s = await startServer({ MAX_STRESS_SECONDS: '0.1' });
    try {
      expect((await get(s.port, '/stress?seconds=0')).status).toBe(200);
      expect((await get(s.port, '/config')).status).toBe(200);
      expect((await get(s.port, '/docs')).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
