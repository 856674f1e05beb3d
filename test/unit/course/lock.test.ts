import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { acquireLock } from '../../../src/course/lock.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'k8s-tutor-lock-'));

describe('the lesson lock', () => {
  it('holds the owner pid while held and is gone after release', () => {
    const dir = fresh();
    const release = acquireLock(dir, 'k8s-tutor');
    const file = join(dir, 'lesson-k8s-tutor.lock');
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a second tutor on the same namespace while the owner lives, naming its pid', () => {
    const dir = fresh();
    // pid 1 always runs; the lock must not be taken over from a live process.
    writeFileSync(join(dir, 'lesson-k8s-tutor.lock'), '1');
    expect(() => acquireLock(dir, 'k8s-tutor')).toThrow(UsageError);
    expect(() => acquireLock(dir, 'k8s-tutor')).toThrow('another k8s-tutor (pid 1) is running a lesson in namespace k8s-tutor');
    expect(readFileSync(join(dir, 'lesson-k8s-tutor.lock'), 'utf8')).toBe('1');
  });

  it('lets another namespace run at the same time', () => {
    const dir = fresh();
    const a = acquireLock(dir, 'one');
    const b = acquireLock(dir, 'two');
    a();
    b();
    expect(existsSync(join(dir, 'lesson-one.lock')) || existsSync(join(dir, 'lesson-two.lock'))).toBe(false);
  });

  it.each([
    ['a dead process', () => String(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout)],
    ['garbage', () => 'not a pid'],
    ['nothing', () => ''],
  ])('takes over a lock left by %s', (_what, content) => {
    const dir = fresh();
    writeFileSync(join(dir, 'lesson-k8s-tutor.lock'), content());
    const release = acquireLock(dir, 'k8s-tutor');
    expect(readFileSync(join(dir, 'lesson-k8s-tutor.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
