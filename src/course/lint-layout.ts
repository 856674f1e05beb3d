import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LessonHeader } from './lesson.js';
import type { LintProblem } from './lint.js';

const folderOf = (lesson: Pick<LessonHeader, 'id' | 'number'>) => `${String(lesson.number).padStart(2, '0')}-${lesson.id}`;

/** The lesson numbers of docs/checks.md's table, in the order the rows stand. */
function checksRows(text: string): number[] {
  return [...text.matchAll(/^\|\s*(\d+)\s*\|/gm)].map((m) => Number(m[1]));
}

/**
 * What holds a lesson together in a clone, as rustlings' dev check holds an exercise: its folder
 * `lessons/NN-id/` matches its outline row, no lesson folder lacks a row, docs/checks.md has a row per
 * lesson in order, and each lesson has an e2e test. An install (no docs/, no test/) checks the folders only.
 */
export function lintLayout(lessons: Pick<LessonHeader, 'id' | 'number'>[], root: string): LintProblem[] {
  const problems: LintProblem[] = [];
  const lessonsDir = join(root, 'lessons');
  const folders = readdirSync(lessonsDir, { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d\d-/.test(d.name)).map((d) => d.name);
  const expected = new Set(lessons.map(folderOf));
  for (const lesson of lessons) {
    const where = `lesson ${lesson.number} (${lesson.id})`;
    if (!existsSync(join(lessonsDir, folderOf(lesson), 'lesson.ts'))) problems.push({ where, problem: `has no lessons/${folderOf(lesson)}/lesson.ts (its folder is NN-id, from its outline row)` });
  }
  for (const folder of folders) if (!expected.has(folder)) problems.push({ where: `lessons/${folder}`, problem: 'is a lesson folder with no row in lessons/outline.ts (or a row with another number or id)' });

  const checks = join(root, 'docs', 'checks.md');
  if (existsSync(checks)) {
    const rows = checksRows(readFileSync(checks, 'utf8'));
    const numbers = lessons.map((l) => l.number);
    for (const n of numbers) if (!rows.includes(n)) problems.push({ where: 'docs/checks.md', problem: `has no row for lesson ${n}` });
    const ordered = rows.filter((n) => numbers.includes(n));
    if (ordered.join() !== [...new Set(ordered)].sort((a, b) => a - b).join()) problems.push({ where: 'docs/checks.md', problem: `rows stand in the order ${ordered.join(', ')}; put them in lesson order` });
  }

  const e2e = join(root, 'test', 'e2e', 'lessons');
  if (existsSync(e2e)) {
    for (const lesson of lessons) {
      if (!existsSync(join(e2e, `${folderOf(lesson)}.test.ts`))) problems.push({ where: `lesson ${lesson.number} (${lesson.id})`, problem: `has no e2e test (test/e2e/lessons/${folderOf(lesson)}.test.ts)` });
    }
  }
  return problems;
}
