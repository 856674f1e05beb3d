import { evaluateAll } from '../../checks/evaluate.js';
import type { LessonHeader } from '../../course/lesson.js';
import { describeError } from '../../kube/describe-error.js';
import type { CommandResult, Deps } from '../deps.js';

export interface HintReport {
  lesson: string;
  /** The fix for the first failing check, when the cluster could be asked. */
  next?: string;
  hints: string[];
  note?: string;
}

export async function runHint(header: LessonHeader, deps: Deps): Promise<CommandResult<HintReport>> {
  const lesson = await deps.loadLesson(header.id);
  const fill = (text: string) => text.replaceAll('{ns}', deps.global.namespace);
  const hints = (lesson.hints ?? []).map(fill);
  try {
    const session = await deps.connect({ writes: false });
    const baselines = deps.store.lesson(lesson.id)?.baselines ?? {};
    const results = await evaluateAll(lesson.check, { kube: session.kube, namespace: session.kube.namespace }, baselines);
    const failing = results.find((r) => !r.passed);
    if (!failing) return { data: { lesson: lesson.id, hints, note: 'Every check of this lesson passes already.' }, exitCode: 0 };
    return { data: { lesson: lesson.id, next: `${failing.message}${failing.fix ? `. Try: ${failing.fix}` : ''}`, hints }, exitCode: 0 };
  } catch (error) {
    return { data: { lesson: lesson.id, hints, note: `Could not ask the cluster: ${describeError(error).message}` }, exitCode: 0 };
  }
}
