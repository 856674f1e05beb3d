import type { Lesson } from '../../course/lesson.js';
import { lintLayout } from '../../course/lint-layout.js';
import { lintLessons, type LintProblem } from '../../course/lint.js';
import { packageRoot } from '../../course/manifests.js';
import { defineCommand, type CommandResult } from '../deps.js';

export function runDevCheck(lessons: Lesson[], root = packageRoot()): CommandResult<LintProblem[]> {
  const problems = [...lintLayout(lessons, root), ...lintLessons(lessons, root)];
  return { data: problems, exitCode: problems.length === 0 ? 0 : 1 };
}

export default defineCommand({
  validate: (input) => ({ lessonCount: input.lessons.length }),
  run: async (_options, deps) => runDevCheck(await Promise.all(deps.lessons.map((l) => deps.loadLesson(l.id)))),
  render(ui, problems: LintProblem[], options) {
    if (problems.length === 0) ui.ok(`${options.lessonCount} lessons and their manifests are fine.`);
    for (const p of problems) ui.bad(`${p.where}: ${p.problem}`);
  },
});
