#!/usr/bin/env node
// The lesson e2e test files that the three-node pass runs: those of the lessons whose outline row says
// they use several nodes (lessons/outline.ts, `several-nodes`), each lesson's own file and any other
// file named after it (tmux-self-healing.test.ts). One path a line.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const { outline } = await import('../lessons/outline.ts');
const dir = 'test/e2e/lessons';
const files = readdirSync(dir).filter((f) => f.endsWith('.test.ts'));
for (const lesson of outline.filter((l) => l.requires.features.includes('several-nodes'))) {
  for (const file of files.filter((f) => f.endsWith(`-${lesson.id}.test.ts`))) console.log(join(dir, file));
}
