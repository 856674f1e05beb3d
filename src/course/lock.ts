import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One tutor at a time per namespace: a lock file created exclusively, holding the owner's pid.
 * A lock left by a dead process is taken over. Returns the release function.
 */
export function acquireLock(dir: string, namespace: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `lesson-${namespace}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new UsageError(`another k8s-tutor (pid ${owner}) is running a lesson in namespace ${namespace}`, `Finish or stop that one first, or use another namespace with -n.`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new UsageError(`cannot take the lesson lock in ${dir}`, 'Remove stale lesson-*.lock files there and try again.');
}
