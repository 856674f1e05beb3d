import { describe, expect, it } from 'vitest';
import { lintLessons } from '../../../src/cli/commands/dev-check.js';
import { defineLesson, tryIt } from '../../../src/course/lesson.js';
import { replicasReady } from '../../../src/checks/workload.js';
import { loadAllLessons } from '../../../lessons/catalog.js';

describe('dev check (the curriculum linter)', () => {
  it('finds nothing wrong with the shipped course and manifests', async () => {
    expect(lintLessons(await loadAllLessons())).toEqual([]);
  });

  it('reports duplicate aliases, empty hints, missing checks and wrong order', () => {
    const broken = [
      defineLesson({
        id: 'what-is-kubernetes', number: 1, title: 'A', summary: 's', aliases: ['x'],
        steps: [tryIt({ task: 't', until: [replicasReady('a')], hints: [''], doIt: async () => undefined })],
        check: [],
      }),
      defineLesson({ id: 'scaling', number: 2, title: 'B', summary: 's', aliases: ['x'], steps: [], check: [] }),
    ];
    const problems = lintLessons(broken).map((p) => `${p.where}: ${p.problem}`);
    expect(problems).toContain('lesson 1 (what-is-kubernetes): has no check');
    expect(problems).toContain('lesson 1 (what-is-kubernetes) step 1: a try-it step needs non-empty hints');
    expect(problems).toContain('lesson 2 (scaling): slug should be core-concepts at position 2');
    expect(problems).toContain('lesson 2 (scaling): "x" is also used by what-is-kubernetes');
  });
});
