import type { CheckResult } from '../checks/check.js';
import type { Step } from './lesson.js';

/** What the runner is doing, as it happens, for someone watching beside the terminal (the live view). */
export interface LessonObserver {
  lessonStarted(lesson: { id: string; number: number; title: string; steps: number }): void;
  stepStarted(step: { index: number; kind: Step['kind']; say: string }): void;
  /** The tutor acted (a delete, an apply): what it did, in words and as kubectl. */
  acted(action: { say: string; kubectl?: string }): void;
  /** The current wait's check items, re-evaluated (some may have just turned green). */
  checked(results: Pick<CheckResult, 'name' | 'passed' | 'message'>[]): void;
  lessonFinished(outcome: { passed: boolean }): void;
}
