import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLesson } from '../../../lessons/catalog.js';
import { repoRoot, workspace } from '../support/harness.js';
import { errorLines } from '../support/safety.js';

/**
 * Issue 7 item 4: Ctrl-C in the middle of a wait, and two tutors on one namespace. A ResourceQuota
 * of 2 pods (made by the admin, so the tutor leaves it alone) holds lesson 3's apply step (done for the
 * learner with --yes, then watched until 5 pods are Ready) open for as long as the test needs; deleting
 * it lets the rerun finish.
 */

const ws = workspace('safety-sigint');
const WAIT_LINE = 'Watching for the change';
const lesson3 = await loadLesson('first-deployment');
/** The step that waits: lesson 3's try-it (apply the file), which --yes does and then watches. */
const waitingStep = lesson3.steps.findIndex((s) => s.kind === 'tryIt');
const stepCount = lesson3.steps.length;

interface Live {
  child: ResultPromise;
  output: () => string;
}

function startLesson(): Live {
  let output = '';
  const child = execa(process.execPath, [join(repoRoot, 'bin', 'k8s-tutor.js'), 'lesson', 'first-deployment', '--yes', '-n', ws.namespace], {
    cwd: repoRoot, env: ws.env, reject: false, stdin: 'ignore', timeout: 300_000,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function until(what: string, condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const progressOf = () => JSON.parse(readFileSync(join(ws.configDir, 'progress.json'), 'utf8')) as { lessons: Record<string, { step: number; status: string }> };

beforeAll(async () => {
  await ws.kubectl(['create', 'namespace', ws.namespace]);
  await ws.kubectl(['create', 'quota', 'two-pods', '--hard=pods=2', '-n', ws.namespace]);
});

afterAll(async () => {
  await ws.kubectl(['delete', 'namespace', ws.namespace, '--wait=false']);
});

describe('Ctrl-C and a second tutor', () => {
  let first: Live;

  it('a second tutor on the same namespace is refused while the first waits; the progress stays valid', async () => {
    first = startLesson();
    await until('the first tutor to reach its wait', () => first.output().includes(WAIT_LINE));
    const lock = join(ws.configDir, `lesson-${ws.namespace}.lock`);
    expect(readFileSync(lock, 'utf8')).toBe(String(first.child.pid));
    const before = readFileSync(join(ws.configDir, 'progress.json'), 'utf8');

    const second = await ws.tutor(['lesson', 'core-concepts', '--yes']);
    const e = errorLines(second);
    expect(second.exitCode).toBe(2);
    expect(e.message).toBe(`another k8s-tutor (pid ${first.child.pid}) is running a lesson in namespace ${ws.namespace}`);
    expect(e.hint).toMatch(/another namespace with -n/);
    expect(readFileSync(join(ws.configDir, 'progress.json'), 'utf8')).toBe(before);
    // Reads are not locked.
    expect((await ws.tutor(['list', '--json'])).exitCode).toBe(0);
  }, 180_000);

  it('SIGINT in the wait: exit 130, progress saved up to the last finished step, no half-written files, no lock', async () => {
    first.child.kill('SIGINT');
    const result = await first.child;
    expect(result.exitCode).toBe(130);
    expect(first.output()).toContain('Interrupted. Your progress is saved up to the last finished step.');
    expect(first.output()).not.toMatch(/^\s+at \S/m);
    expect(waitingStep).toBeGreaterThan(0);
    expect(progressOf().lessons['first-deployment']).toMatchObject({ status: 'in-progress', step: waitingStep });
    expect(readdirSync(ws.configDir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
    expect(existsSync(join(ws.configDir, `lesson-${ws.namespace}.lock`))).toBe(false);
  }, 60_000);

  it('the rerun continues at the wait and finishes once the quota is gone', async () => {
    await ws.kubectl(['delete', 'quota', 'two-pods', '-n', ws.namespace]);
    const rerun = await ws.tutor(['lesson', 'first-deployment', '--yes'], { timeoutMs: 300_000 });
    expect(rerun.exitCode, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`Continuing at step ${waitingStep + 1} of ${stepCount}.`);
    expect(rerun.stdout).not.toContain('Reading the Deployment in');
    expect(progressOf().lessons['first-deployment']).toMatchObject({ status: 'done', step: stepCount });
  }, 320_000);
});

describe('SIGINT twice', () => {
  it('a second Ctrl-C while shutting down still exits 130', async () => {
    const child = execa(process.execPath, [join(repoRoot, 'bin', 'k8s-tutor.js'), 'check', 'core-concepts', '--watch', '--timeout', '60', '-n', ws.namespace], { cwd: repoRoot, env: ws.env, reject: false, stdin: 'ignore' });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    await until('check --watch to start', () => out.includes('Watching'), 30_000);
    child.kill('SIGINT');
    child.kill('SIGINT');
    expect((await child).exitCode).toBe(130);
  }, 60_000);
});
