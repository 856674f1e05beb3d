import type { LessonHeader } from '../course/lesson.js';
import type { ProgressData } from '../course/progress.js';
import { findLesson } from '../course/registry.js';

/** The lesson a bare `check` or `hint` means: the current one, else the first not done. */
export function defaultLesson<T extends LessonHeader>(lessons: T[], progress: ProgressData): T {
  const current = lessons.find((l) => l.id === progress.current);
  return current ?? lessons.find((l) => progress.lessons[l.id]?.status !== 'done') ?? lessons[0]!;
}

/** The one lesson resolver of the commands: by slug, number or alias, or, with none given, the current lesson. */
export function resolveLesson<T extends LessonHeader>(query: string | undefined, lessons: T[], progress: ProgressData): T {
  return query === undefined ? defaultLesson(lessons, progress) : findLesson(lessons, query);
}
