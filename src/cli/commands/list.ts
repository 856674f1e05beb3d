import type { LessonHeader } from '../../course/lesson.js';
import type { ProgressData } from '../../course/progress.js';
import type { Ui } from '../../ui/ui.js';
import { defineCommand } from '../deps.js';

export type LessonStatus = 'done' | 'in-progress' | 'not-started';

export interface LessonListing {
  id: string;
  number: number;
  title: string;
  status: LessonStatus;
}

/** The one mark per status, for `list` and for the menu of `start`. */
export const STATUS_MARK: Record<LessonStatus, string> = { done: '✔', 'in-progress': '◐', 'not-started': '·' };

export function statusOf(lesson: LessonHeader, progress: ProgressData): LessonStatus {
  return progress.lessons[lesson.id]?.status ?? 'not-started';
}

export function listLessons(lessons: LessonHeader[], progress: ProgressData): LessonListing[] {
  return lessons.map((l) => ({ id: l.id, number: l.number, title: l.title, status: statusOf(l, progress) }));
}

export function renderList(ui: Ui, listing: LessonListing[]): void {
  ui.table(['', '#', 'LESSON', 'TITLE', 'STATUS'], listing.map((l) => [STATUS_MARK[l.status], String(l.number), l.id, l.title, l.status]));
}

export default defineCommand({
  validate: () => ({}),
  run: async (_options, deps) => ({ data: listLessons(deps.lessons, deps.store.load()), exitCode: 0 }),
  render: renderList,
});
