import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson } from '../../course/lesson.js';
import { loadManifest, manifestsDir, packageRoot } from '../../course/manifests.js';
import { defineCommand, type CommandResult } from '../deps.js';

export interface LintProblem {
  where: string;
  problem: string;
}

const SLUGS = ['what-is-kubernetes', 'core-concepts', 'first-deployment', 'deploying-and-verifying', 'scaling', 'self-healing', 'rolling-updates', 'resource-management', 'monitoring', 'networking', 'config-and-secrets', 'persistent-storage', 'autoscaling', 'troubleshooting', 'where-next'];

/** Lints the curriculum: ids, numbers, aliases, hints, checks, and every manifest a lesson names. */
export function lintLessons(lessons: Lesson[], root = packageRoot()): LintProblem[] {
  const problems: LintProblem[] = [];
  const names = new Map<string, string>();
  lessons.forEach((lesson, index) => {
    const where = `lesson ${lesson.number} (${lesson.id})`;
    if (lesson.id !== SLUGS[index]) problems.push({ where, problem: `slug should be ${SLUGS[index]} at position ${index + 1}` });
    if (lesson.number !== index + 1) problems.push({ where, problem: `number should be ${index + 1}` });
    for (const name of [lesson.id, ...(lesson.aliases ?? [])]) {
      const owner = names.get(name);
      if (owner) problems.push({ where, problem: `"${name}" is also used by ${owner}` });
      names.set(name, lesson.id);
    }
    if (lesson.check.length === 0) problems.push({ where, problem: 'has no check' });
    if (lesson.steps.length === 0) problems.push({ where, problem: 'has no steps' });
    const checkNames = new Set<string>();
    for (const check of lesson.check) {
      if (checkNames.has(check.name)) problems.push({ where, problem: `two checks are named "${check.name}"` });
      checkNames.add(check.name);
    }
    lesson.steps.forEach((step, i) => {
      if (step.kind === 'tryIt' && (step.hints.length === 0 || step.hints.some((h) => h.trim() === ''))) problems.push({ where: `${where} step ${i + 1}`, problem: 'a try-it step needs non-empty hints' });
      if ((step.kind === 'tryIt' || step.kind === 'waitFor') && step.until.length === 0) problems.push({ where: `${where} step ${i + 1}`, problem: 'waits for nothing' });
    });
  });
  const dir = manifestsDir();
  const manifests = new Set(readdirSync(dir).filter((f) => f.endsWith('.yaml')));
  for (const file of manifests) {
    try {
      loadManifest(file, dir);
    } catch (error) {
      problems.push({ where: `manifests/${file}`, problem: (error as Error).message });
    }
  }
  const lessonDir = join(root, 'lessons');
  for (const file of readdirSync(lessonDir).filter((f) => f.endsWith('.ts') || f.endsWith('.js'))) {
    const text = readFileSync(join(lessonDir, file), 'utf8');
    // A manifest is named as manifests/NAME.yaml in text, or passed to manifest()/applyManifest().
    for (const [, a, b] of text.matchAll(/manifests\/([\w.-]+\.yaml)\b|[mM]anifest\((?:\s*ctx\s*,)?\s*['"`]([\w.-]+\.yaml)['"`]/g)) {
      const name = a ?? b;
      if (name && !manifests.has(name)) problems.push({ where: `lessons/${file}`, problem: `names manifests/${name}, which does not exist` });
    }
  }
  return problems;
}

export function runDevCheck(lessons: Lesson[]): CommandResult<LintProblem[]> {
  const problems = lintLessons(lessons);
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
