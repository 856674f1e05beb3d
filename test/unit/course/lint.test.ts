import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintLessons, unsetPlaceholders } from '../../../src/course/lint.js';
import { packageRoot } from '../../../src/course/manifests.js';
import { act, defineLesson, explain, tryIt } from '../../../src/course/lesson.js';
import { replicasReady } from '../../../src/checks/workload.js';
import { catalog, loadAllLessons } from '../../../lessons/catalog.js';
import { lintLayout } from '../../../src/course/lint-layout.js';

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

describe('dev check holds each lesson together: folder, outline row, docs/checks.md row, e2e test', () => {
  const lessons = [{ id: 'one', number: 1 }, { id: 'two', number: 2 }];
  function course(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'k8s-tutor-layout-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }
  const whole = {
    'lessons/01-one/lesson.ts': '', 'lessons/02-two/lesson.ts': '',
    'docs/checks.md': '| # | x |\n|---|---|\n| 1 | a |\n| 2 | b |\n',
    'test/e2e/lessons/01-one.test.ts': '', 'test/e2e/lessons/02-two.test.ts': '',
  };
  const said = (root: string) => lintLayout(lessons, root).map((p) => `${p.where}: ${p.problem}`);

  it('finds nothing wrong with the shipped course', () => {
    expect(lintLayout(catalog, packageRoot())).toEqual([]);
  });

  it('passes a whole course', () => {
    expect(said(course(whole))).toEqual([]);
  });

  it('reports a missing folder, an orphan folder, a missing or misplaced checks.md row, and a missing e2e test', () => {
    const { 'lessons/02-two/lesson.ts': _two, 'test/e2e/lessons/02-two.test.ts': _test, ...rest } = whole;
    expect(said(course({ ...rest, 'lessons/02-deux/lesson.ts': '', 'docs/checks.md': '| 2 | b |\n' }))).toEqual([
      'lesson 2 (two): has no lessons/02-two/lesson.ts (its folder is NN-id, from its outline row)',
      'lessons/02-deux: is a lesson folder with no row in lessons/outline.ts (or a row with another number or id)',
      'docs/checks.md: has no row for lesson 1',
      'lesson 2 (two): has no e2e test (test/e2e/lessons/02-two.test.ts)',
    ]);
    expect(said(course({ ...whole, 'docs/checks.md': '| 2 | b |\n| 1 | a |\n' }))).toEqual(['docs/checks.md: rows stand in the order 2, 1; put them in lesson order']);
  });

  it('in an install (no docs/, no test/), checks the folders only', () => {
    expect(said(course({ 'lessons/01-one/lesson.ts': '', 'lessons/02-two/lesson.ts': '' }))).toEqual([]);
  });
});
