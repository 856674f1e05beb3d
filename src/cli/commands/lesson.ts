import { createLessonContext } from '../../course/context.js';
import type { LessonHeader } from '../../course/lesson.js';
import { acquireLock } from '../../course/lock.js';
import { runLesson, type LessonOutcome } from '../../course/runner.js';
import { UsageError } from '../../errors.js';
import type { Session } from '../../kube/connect.js';
import { assertReachable } from '../../kube/reachable.js';
import { announceLearnerCopy } from '../announce.js';
import { defineCommand, type CommandInput, type CommandResult, type Deps } from '../deps.js';
import { resolveLesson } from '../resolve.js';

export interface LessonOptions {
  lesson: LessonHeader;
  yes: boolean;
  restart: boolean;
  /** Leave every try-it step undone (--skip-tries; K8S_TUTOR_SKIP_TRIES=1 does the same). */
  skipTries?: boolean;
}

/** Pure: which lesson, and whether it can run here. */
export function validateLesson(input: CommandInput): LessonOptions {
  const lesson = resolveLesson(input.args[0] ?? '', input.lessons, input.progress);
  if (!input.interactive && !input.global.yes) {
    throw new UsageError('a lesson needs a terminal to ask you things, and this is not one', `Run it in a terminal, or add --yes to run it unattended: k8s-tutor lesson ${lesson.id} --yes`);
  }
  return { lesson, yes: input.global.yes, restart: Boolean(input.flags.restart), ...(input.flags.skipTries ? { skipTries: true } : {}) };
}

/** Runs one lesson; `start` passes the session it already checked. */
export async function runLessonCommand(options: LessonOptions, deps: Deps, checked?: Session): Promise<CommandResult<LessonOutcome>> {
  deps.store.assertWritable();
  const [session, lesson] = await Promise.all([checked ?? deps.connect({ writes: true }), deps.loadLesson(options.lesson.id)]);
  if (!checked) await assertReachable(session);
  const release = acquireLock(deps.configDir, session.kube.namespace);
  try {
    if (!checked) announceLearnerCopy(deps.ui);
    const ctx = createLessonContext({ kube: session.kube, ui: deps.ui, cluster: session.cluster, yes: options.yes, signal: deps.signal, ...(options.skipTries ? { skipTries: true } : {}) });
    const outcome = await runLesson(lesson, ctx, deps.store, { restart: options.restart, of: deps.lessons.length });
    return { data: outcome, exitCode: outcome.passed ? 0 : 1 };
  } finally {
    release();
  }
}

export default defineCommand({
  validate: validateLesson,
  run: (options: LessonOptions, deps) => runLessonCommand(options, deps),
  // The lesson speaks for itself as it runs; --json adds its outcome.
  render: () => undefined,
});
