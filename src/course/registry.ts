import { UsageError } from '../errors.js';
import type { LessonHeader } from './lesson.js';

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** A lesson by slug, number or alias; otherwise a usage error that suggests the nearest slug. */
export function findLesson<T extends LessonHeader>(lessons: T[], query: string): T {
  const wanted = query.trim().toLowerCase();
  if (/^\d+$/.test(wanted)) {
    const found = lessons.find((l) => l.number === Number(wanted));
    if (found) return found;
    throw new UsageError(`there is no lesson ${wanted}`, `Lessons are numbered 1 to ${lessons.length}; \`k8s-tutor list\` shows them.`);
  }
  const found = lessons.find((l) => l.id === wanted || l.aliases?.includes(wanted));
  if (found) return found;
  const names = lessons.flatMap((l) => [l.id, ...(l.aliases ?? [])]);
  const [best] = names.map((name) => ({ name, d: distance(wanted, name) })).sort((a, b) => a.d - b.d);
  const near = best && best.d <= Math.max(1, Math.floor(best.name.length / 3));
  throw new UsageError(`unknown lesson "${query}"`, near ? `Did you mean \`${best.name}\`? \`k8s-tutor list\` shows all lessons.` : `Lessons: ${lessons.map((l) => l.id).join(", ")} (or their numbers 1-${lessons.length}).`);
}
