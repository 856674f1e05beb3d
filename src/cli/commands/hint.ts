import { evaluateAll } from '../../checks/evaluate.js';
import type { LessonHeader } from '../../course/lesson.js';
import { fillPlaceholders } from '../../course/context.js';
import { assertReachable } from '../../kube/reachable.js';
import type { Ui } from '../../ui/ui.js';
import { announceLearnerCopy } from '../announce.js';
import { defineCommand, type CommandInput, type CommandResult, type Deps } from '../deps.js';
import { resolveLesson } from '../resolve.js';

export interface HintOptions {
  lesson: LessonHeader;
}

export interface HintReport {
  lesson: string;
  /** The fix for the first failing check. */
  next?: string;
  hints: string[];
  note?: string;
}

export function validateHint(input: CommandInput): HintOptions {
  return { lesson: resolveLesson(input.args[0], input.lessons, input.progress) };
}

/** The fix for the lesson's first failing check, and its hints. An unreachable cluster is an error (exit 2), as for every command. */
export async function runHint(options: HintOptions, deps: Deps): Promise<CommandResult<HintReport>> {
  const [lesson, session] = await Promise.all([deps.loadLesson(options.lesson.id), deps.connect({ writes: false })]);
  await assertReachable(session);
  announceLearnerCopy(deps.ui);
  const hints = (lesson.hints ?? []).map((hint) => fillPlaceholders(hint, session.kube.namespace));
  const baselines = deps.store.lesson(lesson.id)?.baselines ?? {};
  const results = await evaluateAll(lesson.check, { kube: session.kube, namespace: session.kube.namespace }, baselines);
  const failing = results.find((r) => !r.passed);
  if (!failing) return { data: { lesson: lesson.id, hints, note: 'Every check of this lesson passes already.' }, exitCode: 0 };
  return { data: { lesson: lesson.id, next: `${failing.message}${failing.fix ? `. Try: ${failing.fix}` : ''}`, hints }, exitCode: 0 };
}

export function renderHint(ui: Ui, data: HintReport): void {
  if (data.next) ui.say(`Next: ${data.next}`);
  if (data.note) ui.dim(data.note);
  for (const hint of data.hints) ui.dim(`hint: ${hint}`);
}

export default defineCommand({ validate: validateHint, run: runHint, render: renderHint });
