import type { AccessQuestion } from '../kube/types.js';
import type { Feature, LessonHeader } from './lesson.js';

/** One permission some lessons need, and which lessons: those that use it, and those that cannot run without it. */
export interface AccessNeed extends AccessQuestion {
  /** As the outline writes it: `create deployments.apps`. */
  text: string;
  lessons: number[];
  blocks: number[];
}

/** `verb resource[.group]`, as `kubectl auth can-i` takes it; a subresource stays on the resource (`pods/log`). */
export function parseAccess(text: string): AccessQuestion {
  const [verb, spec] = text.trim().split(/\s+/);
  if (!verb || !spec) throw new Error(`"${text}" is not "verb resource[.group]"`);
  const dot = spec.indexOf('.');
  return dot < 0 ? { verb, resource: spec } : { verb, resource: spec.slice(0, dot), group: spec.slice(dot + 1) };
}

const numbers = (set: Iterable<number>) => [...set].sort((a, b) => a - b);

function collect(lessons: LessonHeader[], pick: (l: LessonHeader) => { must: string[]; uses: string[] }, namespaced: boolean): AccessNeed[] {
  const byText = new Map<string, { lessons: Set<number>; blocks: Set<number> }>();
  for (const lesson of lessons) {
    const { must, uses } = pick(lesson);
    for (const [text, blocking] of [...must.map((t) => [t, true] as const), ...uses.map((t) => [t, false] as const)]) {
      const entry = byText.get(text) ?? { lessons: new Set(), blocks: new Set() };
      entry.lessons.add(lesson.number);
      if (blocking) entry.blocks.add(lesson.number);
      byText.set(text, entry);
    }
  }
  return [...byText].map(([text, e]) => {
    const q = parseAccess(text);
    // Namespaces are cluster-scoped, whichever list names them.
    const clusterScoped = !namespaced || q.resource === 'namespaces';
    return { ...q, ...(clusterScoped ? { namespace: null } : {}), text, lessons: numbers(e.lessons), blocks: numbers(e.blocks) };
  });
}

/** Every permission the lessons use in their namespace, each with its lessons. */
export const namespacedNeeds = (lessons: LessonHeader[]): AccessNeed[] => collect(lessons, (l) => l.requires, true);

/** Every cluster-wide read the lessons make; none blocks a lesson (that part is skipped). */
export const clusterWideNeeds = (lessons: LessonHeader[]): AccessNeed[] => collect(lessons, (l) => ({ must: [], uses: l.requires.reads }), false);

/** The numbers of the lessons for which `test` holds. */
export const lessonsWhere = (lessons: LessonHeader[], test: (l: LessonHeader) => boolean): number[] => lessons.filter(test).map((l) => l.number);

export const lessonsUsing = (lessons: LessonHeader[], feature: Feature): number[] => lessonsWhere(lessons, (l) => l.requires.features.includes(feature));
