import type { Mismatch } from './match.js';
import { plain } from './match.js';
import type { Verdict } from './check.js';

export function show(value: unknown): string {
  const v = plain(value);
  if (v === undefined) return 'not set';
  if (typeof v === 'string') return v === '' ? '""' : v;
  return JSON.stringify(v);
}

/** A field's name for a beginner: the last segment of its path, without list keys. */
export function fieldName(path: string): string {
  const segments = path.split('.');
  const last = segments[segments.length - 1] ?? path;
  return last.replace(/\[.*?\]$/, '') || path;
}

/**
 * Turns a mismatch into one plain sentence plus a fix.
 * `subject` names the object ("Deployment fastapi-k8s"); `fix` may offer a kubectl command per mismatch.
 */
export function verdictFor(mismatch: Mismatch, subject: string, fix?: (m: Mismatch) => string | undefined): Verdict {
  const name = fieldName(mismatch.path);
  const sentence =
    mismatch.actual === undefined
      ? `${subject}: ${name} is not set; this lesson expects ${show(mismatch.expected)}`
      : `${subject}: ${name} is ${show(mismatch.actual)}; this lesson expects ${show(mismatch.expected)}`;
  const command = fix?.(mismatch);
  return { path: mismatch.path, expected: plain(mismatch.expected), actual: mismatch.actual, sentence, ...(command ? { fix: command } : {}) };
}
