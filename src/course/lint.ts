import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson, Step } from './lesson.js';
import { guideCommands, unmentioned, type GuideCommand } from './guide-coverage.js';
import { loadManifest, manifestsDir, packageRoot } from './manifests.js';

export interface LintProblem {
  where: string;
  problem: string;
}

/** The guide's kubectl commands, kept in the course (lessons/) so a clone or an install without the guide can still lint. */
const SNAPSHOT = 'guide-commands.json';

/** Placeholders the runner fills by itself. */
const BUILT_IN = new Set(['ns', 'manifests']);

function texts(step: Step): string[] {
  const out: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) for (const v of value) add(v);
  };
  switch (step.kind) {
    case 'explain':
      add(step.text);
      break;
    case 'act':
      add(step.say);
      add(step.kubectl);
      break;
    case 'waitFor':
      add(step.say);
      break;
    case 'tryIt':
      add(step.task);
      add(step.hints);
      add(step.kubectl);
      break;
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** {name} placeholders in a lesson's written text that no step declares it sets (`sets: ['name']`). */
export function unsetPlaceholders(lesson: Lesson): LintProblem[] {
  const set = new Set(BUILT_IN);
  for (const step of lesson.steps) if (step.kind === 'act' || step.kind === 'tryIt') for (const name of step.sets ?? []) set.add(name);
  const problems: LintProblem[] = [];
  const where = `lesson ${lesson.number} (${lesson.id})`;
  lesson.steps.forEach((step, i) => {
    for (const text of texts(step)) {
      for (const name of placeholders(text)) if (!set.has(name)) problems.push({ where: `${where} step ${i + 1}`, problem: `uses {${name}}, which no step sets (declare it with sets: ['${name}'])` });
    }
  });
  for (const hint of lesson.hints ?? []) {
    for (const name of placeholders(hint)) if (!set.has(name)) problems.push({ where: `${where} hints`, problem: `uses {${name}}, which no step sets` });
  }
  return problems;
}

function lessonSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? lessonSources(join(dir, entry.name)).map((f) => join(entry.name, f)) : /\.(ts|js)$/.test(entry.name) ? [entry.name] : [],
  );
}

/** Lints the curriculum: numbers, ids and aliases, hints, checks, placeholders, every manifest a lesson names, and the guide's kubectl commands no lesson mentions. */
export function lintLessons(lessons: Lesson[], root = packageRoot(), guide = guidePath(root)): LintProblem[] {
  const problems: LintProblem[] = [];
  const names = new Map<string, string>();
  lessons.forEach((lesson, index) => {
    const where = `lesson ${lesson.number} (${lesson.id})`;
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
    problems.push(...unsetPlaceholders(lesson));
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
  const sources: string[] = [];
  for (const file of lessonSources(lessonDir)) {
    const text = readFileSync(join(lessonDir, file), 'utf8');
    sources.push(text);
    // A manifest is named as {manifests}/NAME.yaml in text, or passed to learnerManifest()/applyManifest()/manifest().
    for (const [, a, b] of text.matchAll(/manifests\}?\/([\w.-]+\.yaml)\b|[mM]anifest\((?:\s*ctx\s*,)?\s*['"`]([\w.-]+\.yaml)['"`]/g)) {
      const name = a ?? b;
      if (name && !manifests.has(name)) problems.push({ where: `lessons/${file}`, problem: `names manifests/${name}, which does not exist` });
    }
  }
  problems.push(...guideProblems(sources, guide, root));
  return problems;
}

/** `export const NAME = 'value'` in the lesson sources, so that `${NAME}` in a printed command reads as the learner sees it. */
function stringConstants(sources: string[]): Record<string, string> {
  return Object.fromEntries(sources.flatMap((text) => [...text.matchAll(/^export const (\w+) = '([^'\n]*)';$/gm)].map((m) => [m[1]!, m[2]!])));
}

/** The course guide, beside a clone (../shared/guide/), or where K8S_TUTOR_GUIDE says. */
export function guidePath(root = packageRoot()): string {
  return process.env.K8S_TUTOR_GUIDE || join(root, '..', 'shared', 'guide', 'kubernetes-guide.md');
}

/** The guide's commands as last snapshotted into the course (npm run guide:snapshot), for when no guide is at hand. */
function snapshotCommands(root: string): GuideCommand[] {
  return (JSON.parse(readFileSync(join(root, 'lessons', SNAPSHOT), 'utf8')) as { commands: GuideCommand[] }).commands;
}

/**
 * Every kubectl command of the guide that no lesson mentions (taught, or named with why not). With the
 * guide at hand, the course's snapshot of it must also be current; without it (a clone on its own, an
 * install), the snapshot stands in.
 */
function guideProblems(sources: string[], path: string, root: string): LintProblem[] {
  const snapshot = snapshotCommands(root);
  const problems: LintProblem[] = [];
  let commands = snapshot;
  if (existsSync(path)) {
    commands = guideCommands(readFileSync(path, 'utf8'));
    if (JSON.stringify(commands) !== JSON.stringify(snapshot)) {
      problems.push({ where: `lessons/${SNAPSHOT}`, problem: `differs from the guide at ${path}: run npm run guide:snapshot` });
    }
  }
  return problems.concat(
    unmentioned(commands, sources, stringConstants(sources)).map((c) => ({
      where: `guide §${c.section}, line ${c.line}`,
      problem: `\`${c.text}\` is neither taught nor named by any lesson`,
    })),
  );
}
