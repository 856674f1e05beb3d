import type { Lesson } from './engine.js';
import { metricsServer, outline, sampleImage, type LessonInfo } from './outline.js';

/**
 * The loader: each lesson's body is its own chunk, loaded when it runs. The outline (lessons/outline.ts)
 * is the data; this file is how src/cli reaches both. A row's folder is `NN-id` (dev check holds them together).
 */
export const lessonFolder = (row: Pick<LessonInfo, 'id' | 'number'>): string => `${String(row.number).padStart(2, '0')}-${row.id}`;

export const catalog: LessonInfo[] = outline;
export { metricsServer, sampleImage };
export type { LessonInfo };

export async function loadLesson(id: string): Promise<Lesson> {
  const row = outline.find((l) => l.id === id);
  if (!row) throw new Error(`lesson ${id} is not in lessons/outline.ts`);
  // The .ts name: esbuild bundles a template import by globbing the source files it matches.
  return ((await import(`./${lessonFolder(row)}/lesson.ts`)) as { default: Lesson }).default;
}

export async function loadAllLessons(): Promise<Lesson[]> {
  return Promise.all(outline.map((l) => loadLesson(l.id)));
}
