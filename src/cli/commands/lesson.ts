import { createLessonContext } from '../../course/context.js';
import type { LessonHeader } from '../../course/lesson.js';
import { acquireLock } from '../../course/lock.js';
import { runLesson, type LessonOutcome } from '../../course/runner.js';
import { UsageError } from '../../errors.js';
import type { Session } from '../../kube/connect.js';
import { assertReachable } from '../../kube/reachable.js';
import { announceLearnerCopy } from '../announce.js';
import type { OpenView } from '../view/open.js';
import { defineCommand, type CommandInput, type CommandResult, type Deps } from '../deps.js';
import { resolveLesson } from '../resolve.js';

export interface LessonOptions {
  lesson: LessonHeader;
  yes: boolean;
  restart: boolean;
  /** Leave every try-it step undone (--skip-tries; K8S_TUTOR_SKIP_TRIES=1 does the same). */
  skipTries?: boolean;
  /** --view: the live picture in a browser, following the lesson. */
  view?: boolean;
}

/** Pure: which lesson, and whether it can run here. */
export function validateLesson(input: CommandInput): LessonOptions {
  const lesson = resolveLesson(input.args[0] ?? '', input.lessons, input.progress);
  if (!input.interactive && !input.global.yes) {
    throw new UsageError('a lesson needs a terminal to ask you things, and this is not one', `Run it in a terminal, or add --yes to run it unattended: k8s-tutor lesson ${lesson.id} --yes`);
  }
  return { lesson, yes: input.global.yes, restart: Boolean(input.flags.restart), ...(input.flags.skipTries ? { skipTries: true } : {}), ...(input.flags.view ? { view: true } : {}) };
}

/** How long a lesson with --view waits for its page to open before its first step. */
const PAGE_WAIT_MS = 20_000;

/** Runs one lesson; `start` passes the session it already checked, and its live view when it has one. */
export async function runLessonCommand(options: LessonOptions, deps: Deps, checked?: Session, shared?: OpenView): Promise<CommandResult<LessonOutcome>> {
  deps.store.assertWritable();
  const [session, lesson] = await Promise.all([checked ?? deps.connect({ writes: true }), deps.loadLesson(options.lesson.id)]);
  if (!checked) await assertReachable(session);
  const release = acquireLock(deps.configDir, session.kube.namespace);
  let own: OpenView | undefined;
  try {
    if (!checked) announceLearnerCopy(deps.ui);
    if (options.view && !shared) {
      own = await openLiveView(session, deps);
      deps.ui.dim(`The lesson begins when the page is open (at most ${PAGE_WAIT_MS / 1000} s).`);
      await own.pageOpen(PAGE_WAIT_MS, deps.signal);
    }
    const view = shared ?? own;
    const ctx = createLessonContext({ kube: session.kube, ui: deps.ui, cluster: session.cluster, yes: options.yes, signal: deps.signal, ...(options.skipTries ? { skipTries: true } : {}) });
    const outcome = await runLesson(lesson, ctx, deps.store, { restart: options.restart, of: deps.lessons.length, ...(view ? { observer: view.observer } : {}) });
    return { data: outcome, exitCode: outcome.passed ? 0 : 1 };
  } finally {
    await own?.close();
    release();
  }
}

/** The live view's code loads only here, when asked for. */
export async function openLiveView(session: Session, deps: Deps): Promise<OpenView> {
  const [{ openView }, { announceView }] = await Promise.all([import('../view/open.js'), import('../view/announce.js')]);
  const view = await openView(session);
  announceView(deps.ui, view.url, session.kube.namespace);
  return view;
}

export default defineCommand({
  validate: validateLesson,
  run: (options: LessonOptions, deps) => runLessonCommand(options, deps),
  // The lesson speaks for itself as it runs; --json adds its outcome.
  render: () => undefined,
});
