import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintLessons, unsetPlaceholders } from '../../../src/course/lint.js';
import { packageRoot } from '../../../src/course/manifests.js';
import { act, defineLesson, explain, tryIt } from '../../../src/course/lesson.js';
import { replicasReady } from '../../../src/checks/workload.js';
import { loadAllLessons } from '../../../lessons/catalog.js';

describe('dev check (the curriculum linter)', () => {
  it('finds nothing wrong with the shipped course and manifests, and every kubectl command of the course guide is taught or named', async () => {
    expect(lintLessons(await loadAllLessons())).toEqual([]);
  });

  it('reports a kubectl command of the guide that no lesson mentions, and a snapshot that no longer matches the guide', async () => {
    const guide = join(mkdtempSync(join(tmpdir(), 'guide-')), 'guide.md');
    writeFileSync(guide, ['## 9. Extra', '```bash', 'kubectl get pods -l app=fastapi-k8s', 'kubectl debug node/x -it --image=busybox', '```'].join('\n'));
    const lessons = await loadAllLessons();
    expect(lintLessons(lessons, undefined, guide).map((p) => `${p.where}: ${p.problem}`)).toEqual([
      `lessons/guide-commands.json: differs from the guide at ${guide}: run npm run guide:snapshot`,
      'guide §9. Extra, line 4: `kubectl debug node/x -it --image=busybox` is neither taught nor named by any lesson',
    ]);
  });

  it('without the guide at hand, lints against the course\'s snapshot of its commands', async () => {
    const snapshot = JSON.parse(readFileSync(join(packageRoot(), 'lessons', 'guide-commands.json'), 'utf8')) as { commands: unknown[] };
    expect(snapshot.commands.length).toBeGreaterThan(30);
    expect(lintLessons(await loadAllLessons(), undefined, join(tmpdir(), 'no-such-guide.md'))).toEqual([]);
  });

  it('reports duplicate aliases, empty hints, missing checks and numbers out of order', () => {
    const broken = [
      defineLesson({
        id: 'what-is-kubernetes', number: 1, title: 'A', summary: 's', aliases: ['x'],
        steps: [tryIt({ task: 't', until: [replicasReady('a')], hints: [''], doIt: async () => undefined })],
        check: [],
      }),
      defineLesson({ id: 'scaling', number: 3, title: 'B', summary: 's', aliases: ['x'], steps: [], check: [] }),
    ];
    const problems = lintLessons(broken).map((p) => `${p.where}: ${p.problem}`);
    expect(problems).toContain('lesson 1 (what-is-kubernetes): has no check');
    expect(problems).toContain('lesson 1 (what-is-kubernetes) step 1: a try-it step needs non-empty hints');
    expect(problems).toContain('lesson 3 (scaling): number should be 2');
    expect(problems).toContain('lesson 3 (scaling): "x" is also used by what-is-kubernetes');
  });

  it('a placeholder that no step declares it sets is reported; built-in and declared ones are not', () => {
    const lesson = defineLesson({
      id: 'self-healing', number: 6, title: 'S', summary: 's',
      steps: [
        act({ say: 'Deleting {pod}', kubectl: 'kubectl delete pod {pod} -n {ns}', sets: ['pod'], run: async () => undefined }),
        explain(['See {manifests}/k8s.yaml and {crashPod}']),
      ],
      check: [replicasReady('a')],
      hints: ['kubectl logs {other} -n {ns}'],
    });
    expect(unsetPlaceholders(lesson).map((p) => `${p.where}: ${p.problem}`)).toEqual([
      "lesson 6 (self-healing) step 2: uses {crashPod}, which no step sets (declare it with sets: ['crashPod'])",
      'lesson 6 (self-healing) hints: uses {other}, which no step sets',
    ]);
  });
});
