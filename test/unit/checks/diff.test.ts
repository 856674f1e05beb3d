import { describe, expect, it } from 'vitest';
import { trimmedDiff } from '../../../src/checks/diff.js';

describe('trimmedDiff', () => {
  it('shows expected lines with - and actual with +, only for the fields the expectation names', () => {
    const lines = trimmedDiff({ spec: { replicas: 5 } }, { spec: { replicas: 1, paused: false }, status: { ready: 1 } });
    expect(lines).toEqual(['  spec:', '-   replicas: 5', '+   replicas: 1']);
  });

  it('cuts long diffs and says how much it left out', () => {
    const expected = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
    const lines = trimmedDiff(expected, {}, 10);
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toMatch(/more lines/);
  });
});
