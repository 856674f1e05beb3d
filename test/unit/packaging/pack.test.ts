// What a new user gets from npm: the tarball packed from a clean clone (no dist/, as in CI's fresh
// clone) is built by prepack, installs, and its k8s-tutor answers --version. And a clone that was
// never built says in one line what to do, instead of a stack trace.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
// Node 24 (this test's own node) first on PATH, for npm's scripts and the installed bin's shebang.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false' };

describe('npm pack from a clean clone', () => {
  let work: string;
  let clone: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'k8s-tutor-pack-'));
    clone = join(work, 'clone');
    // The committed tree only: no dist/, nothing uncommitted.
    await run('git', ['clone', '--quiet', '--depth', '1', `file://${REPO}`, clone], { env });
    // The build tools without a second `npm ci` (CI's network is a registry proxy, and the time is better spent elsewhere).
    symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'), 'dir');
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('a clone that was not built: bin/k8s-tutor.js says to run npm run build, in one line, exit 2', async () => {
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    const r = await run(process.execPath, [join(clone, 'bin', 'k8s-tutor.js'), '--version'], { env }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect('code' in r ? r.code : 0).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^k8s-tutor: dist\/ is missing or incomplete: run `npm run build` in .+ first\.\n$/);
  });

  it('packs (prepack builds dist/), installs, and the installed k8s-tutor --version prints the version', async () => {
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    const packed = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: clone, env, maxBuffer: 16 * 1024 * 1024 });
    const tarball = join(work, packed.stdout.trim().split('\n').at(-1)!);
    expect(existsSync(tarball), packed.stdout).toBe(true);
    const prefix = join(work, 'prefix');
    // The package has no runtime dependencies, so installing it needs no registry.
    await run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { env });
    const installed = join(prefix, 'lib', 'node_modules', 'k8s-tutor');
    expect(readdirSync(join(installed, 'dist'))).toContain('main.js');
    const r = await run(join(prefix, 'bin', 'k8s-tutor'), ['--version'], { env });
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.stderr).toBe('');
  }, 90_000);
});
