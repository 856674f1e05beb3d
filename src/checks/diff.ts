import { createRequire } from 'node:module';

import { plain, project } from './match.js';

// yaml is required on first use, not imported: evaluating it at start-up cost every command, --help included.
const stringify = (value: unknown): string => (createRequire(import.meta.url)('yaml') as typeof import('yaml')).stringify(value);

/**
 * A trimmed expected/actual diff: both sides rendered as YAML, restricted to the fields the
 * expectation names, then compared line by line (longest common subsequence).
 */
export function trimmedDiff(expected: unknown, actual: unknown, maxLines = 40): string[] {
  const left = stringify(plain(expected)).trimEnd().split('\n');
  const right = stringify(project(expected, actual) ?? null).trimEnd().split('\n');
  const lines = diffLines(left, right);
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines), `  … ${lines.length - maxLines} more lines`];
}

function diffLines(a: string[], b: string[]): string[] {
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) {
      out.push(`- ${a[i++]}`);
    } else {
      out.push(`+ ${b[j++]}`);
    }
  }
  while (i < a.length) out.push(`- ${a[i++]}`);
  while (j < b.length) out.push(`+ ${b[j++]}`);
  return out;
}
