import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types, also run as `npm run deps`.
import { circles, importGraph, violations } from '../../scripts/import-graph.mjs';

interface Edge { from: string; to: string; rule?: string }

describe('the import graph', () => {
  const edges = importGraph() as Edge[];

  it('is read from every source file', () => {
    expect(edges.some((e) => e.from === 'src/cli/program.ts')).toBe(true);
    expect(edges.some((e) => e.from.startsWith('lessons/'))).toBe(true);
  });

  it('keeps the layers: lessons reach the engine through the kit, src/ reaches lessons only through the catalog, lower layers never import higher ones', () => {
    expect((violations(edges) as Edge[]).map((v) => `${v.from} -> ${v.to}: ${v.rule}`)).toEqual([]);
  });

  it('catches a broken rule', () => {
    const broken = violations([
      { from: 'src/checks/object.ts', to: 'lessons/06-self-healing/lesson.ts' },
      { from: 'lessons/06-self-healing/lesson.ts', to: 'src/kube/watch.ts' },
      { from: 'src/kube/watch.ts', to: 'src/course/runner.ts' },
      { from: 'src/cli/program.ts', to: 'chalk' },
      { from: 'lessons/lib/app.ts', to: 'src/kube/watch.ts' },
      { from: 'lessons/outline.ts', to: 'lessons/lib/app.ts' },
    ]) as Edge[];
    expect(broken.map((b) => b.rule)).toEqual([
      'src/ reaches lessons/ only through lessons/catalog.ts, from src/cli',
      'a lesson imports the engine through lessons/kit.ts',
      'src/kube (layer 1) does not import src/course (layer 3)',
      'only src/ui/terminal.ts imports the terminal libraries',
      'lessons/ reaches src/ only through lessons/engine.ts',
      'lessons/outline.ts is plain data and imports nothing',
    ]);
  });

  it('finds import circles, and refuses every one', () => {
    const edges = [
      { from: 'lessons/kit.ts', to: 'lessons/lib/app.ts' },
      { from: 'lessons/lib/app.ts', to: 'lessons/kit.ts' },
      { from: 'src/kube/a.ts', to: 'src/kube/b.ts' },
      { from: 'src/kube/b.ts', to: 'src/kube/a.ts' },
      { from: 'src/kube/b.ts', to: 'src/kube/c.ts' },
    ];
    expect(circles(edges)).toEqual([['lessons/kit.ts', 'lessons/lib/app.ts'], ['src/kube/a.ts', 'src/kube/b.ts']]);
    expect((violations(edges) as Edge[]).map((v) => v.rule)).toEqual([
      'no import circle: lessons/kit.ts -> lessons/lib/app.ts -> lessons/kit.ts',
      'no import circle: src/kube/a.ts -> src/kube/b.ts -> src/kube/a.ts',
    ]);
  });
});
