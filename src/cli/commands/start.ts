import type { LessonHeader } from '../../course/lesson.js';
import type { ProgressData } from '../../course/progress.js';
import { UsageError } from '../../errors.js';
import { assertReachable } from '../../kube/reachable.js';
import { announceLearnerCopy } from '../announce.js';
import { defineCommand, type CommandInput, type CommandResult, type Deps } from '../deps.js';
import type { Session } from '../../kube/connect.js';
import type { OpenView } from '../view/open.js';
import { openLiveView, runLessonCommand } from './lesson.js';
import { listLessons, STATUS_MARK } from './list.js';

export interface StartReport {
  lessonsRun: string[];
}

export interface StartOptions {
  /** --view: one live view for the whole session. */
  view?: boolean;
}

export function validateStart(input: CommandInput): StartOptions {
  if (input.global.yes) throw new UsageError('start is the interactive menu, so --yes has nothing to answer', 'To run lessons unattended, use: k8s-tutor lesson <name> --yes');
  if (!input.interactive) throw new UsageError('start shows a menu and needs a terminal', 'Run it in a terminal, or run one lesson unattended: k8s-tutor lesson 1 --yes');
  return input.flags.view ? { view: true } : {};
}

/** Where to put the cursor: the lesson in progress, else the first not done. */
export function resumeTarget(lessons: LessonHeader[], progress: ProgressData): LessonHeader | undefined {
  return lessons.find((l) => progress.lessons[l.id]?.status === 'in-progress') ?? lessons.find((l) => progress.lessons[l.id]?.status !== 'done');
}

/** The menu loop: check the cluster, then pick a lesson, run it, come back, until the learner quits. */
export async function runStart(options: StartOptions, deps: Deps): Promise<CommandResult<StartReport>> {
  // The cluster first (and the guard's question, if any), so that no menu shows for a cluster that is not there.
  deps.store.assertWritable();
  const session = await deps.connect({ writes: true });
  await assertReachable(session);
  announceLearnerCopy(deps.ui);
  const view = options.view ? await openLiveView(session, deps) : undefined;
  try {
    return await menu(deps, session, view);
  } finally {
    await view?.close();
  }
}

async function menu(deps: Deps, session: Session, view: OpenView | undefined): Promise<CommandResult<StartReport>> {
  const lessonsRun: string[] = [];
  for (;;) {
    const progress = deps.store.load();
    const listing = listLessons(deps.lessons, progress);
    const target = resumeTarget(deps.lessons, progress);
    const choice = await deps.ui.select<string>(
      target ? `Pick a lesson (${progress.lessons[target.id]?.status === 'in-progress' ? 'continue' : 'next'}: ${target.title})` : 'Pick a lesson',
      [
        ...listing.map((l) => ({
          name: `${STATUS_MARK[l.status]} ${String(l.number).padStart(2)}. ${l.title}`,
          value: l.id,
          description: deps.lessons.find((x) => x.id === l.id)?.summary,
        })),
        { name: '   Quit', value: '' },
      ],
      { default: target?.id, signal: deps.signal },
    );
    if (!choice) return { data: { lessonsRun }, exitCode: 0 };
    const lesson = deps.lessons.find((l) => l.id === choice)!;
    lessonsRun.push(lesson.id);
    await runLessonCommand({ lesson, yes: false, restart: false }, deps, session, view);
  }
}

export default defineCommand({ validate: validateStart, run: runStart, render: () => undefined });
