import type { LessonHeader } from '../../course/lesson.js';
import type { ProgressData } from '../../course/progress.js';
import type { Ui } from '../../ui/ui.js';
import type { CommandResult, Deps } from '../deps.js';

export type LessonStatus = 'done' | 'in-progress' | 'not-started';

export interface LessonListing {
  id: string;
  number: number;
  title: string;
  status: LessonStatus;
}

export function statusOf(lesson: LessonHeader, progress: ProgressData): LessonStatus {
  return progress.lessons[lesson.id]?.status ?? 'not-started';
}

export function listLessons(lessons: LessonHeader[], progress: ProgressData): LessonListing[] {
  return lessons.map((l) => ({ id: l.id, number: l.number, title: l.title, status: statusOf(l, progress) }));
}

export async function runList(deps: Pick<Deps, 'lessons' | 'store'>): Promise<CommandResult<LessonListing[]>> {
  return { data: listLessons(deps.lessons, deps.store.load()), exitCode: 0 };
}

const MARK: Record<LessonStatus, string> = { done: '✔', 'in-progress': '◐', 'not-started': '·' };

export function renderList(ui: Ui, listing: LessonListing[]): void {
  ui.table(['', '#', 'LESSON', 'TITLE', 'STATUS'], listing.map((l) => [MARK[l.status], String(l.number), l.id, l.title, l.status]));
}
