import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { catalog } from '../../../lessons/catalog.js';

it("the three-node pass runs the e2e tests of the lessons whose outline says they use several nodes, and only those", async () => {
  const { stdout } = await execa(process.execPath, ['scripts/multinode-lessons.mjs']);
  const files = stdout.split('\n');
  const lessons = catalog.filter((l) => l.requires.features.includes('several-nodes'));
  expect(lessons.map((l) => l.number)).toEqual([5, 6, 8, 12, 13]);
  for (const l of lessons) expect(files).toContain(`test/e2e/lessons/${String(l.number).padStart(2, '0')}-${l.id}.test.ts`);
  expect(files).toContain('test/e2e/lessons/tmux-self-healing.test.ts');
  expect(files.filter((f) => !existsSync(f))).toEqual([]);
  expect(files).toHaveLength(lessons.length + 1);
});
