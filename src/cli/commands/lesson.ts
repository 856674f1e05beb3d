import { createLessonContext } from '../../course/context.js';
import type { LessonHeader } from '../../course/lesson.js';
import { acquireLock } from '../../course/lock.js';
import { findLesson } from '../../course/registry.js';
import { runLesson, type LessonOutcome } from '../../course/runner.js';
import { UsageError } from '../../errors.js';
import { assertReachable } from '../../kube/reachable.js';
import type { CommandResult, Deps } from '../deps.js';

export interface LessonOptions {
  lesson: LessonHeader;
  yes: boolean;
  restart: boolean;
}

/** Pure: which lesson, and whether it can run here. */
export function validateLesson(query: string, flags: { yes: boolean; restart?: boolean }, lessons: LessonHeader[], interactive: boolean): LessonOptions {
  const lesson = findLesson(lessons, query);
  if (!interactive && !flags.yes) {
    throw new UsageError('a lesson needs a terminal to ask you things, and this is not one', `Run it in a terminal, or add --yes to run it unattended: k8s-tutor lesson ${lesson.id} --yes`);
  }
  return { lesson, yes: flags.yes, restart: Boolean(flags.restart) };
}

export async function runLessonCommand(options: LessonOptions, deps: Deps): Promise<CommandResult<LessonOutcome>> {
  deps.store.assertWritable();
  const [session, lesson] = await Promise.all([deps.connect({ writes: true }), deps.loadLesson(options.lesson.id)]);
  await assertReachable(session);
  const release = acquireLock(deps.configDir, session.kube.namespace);
  try {
    const ctx = createLessonContext({ kube: session.kube, ui: deps.ui, cluster: session.cluster, yes: options.yes, signal: deps.signal });
    const outcome = await runLesson(lesson, ctx, deps.store, { restart: options.restart });
    return { data: outcome, exitCode: outcome.passed ? 0 : 1 };
  } finally {
    release();
  }
}
