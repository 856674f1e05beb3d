import type { LessonObserver } from '../../course/observer.js';
import type { LessonShape } from './picture.js';

/** Keeps what the runner reports as the page's lesson panel; `changed` after each report. */
export function lessonState(changed: () => void): { observer: LessonObserver; current(): LessonShape | undefined } {
  let lesson: LessonShape | undefined;
  const observer: LessonObserver = {
    lessonStarted(started) {
      lesson = { number: started.number, title: started.title, steps: started.steps, checks: [] };
      changed();
    },
    stepStarted(step) {
      if (!lesson) return;
      lesson.step = step;
      // A new wait has new items; the last ones would mislead.
      if (step.kind === 'waitFor' || step.kind === 'tryIt') lesson.checks = [];
      changed();
    },
    acted(action) {
      if (!lesson) return;
      lesson.lastAction = { ...action, at: new Date().toISOString() };
      changed();
    },
    checked(results) {
      if (!lesson) return;
      lesson.checks = results.map((r) => ({ name: r.name, passed: r.passed, message: r.message }));
      changed();
    },
    lessonFinished(outcome) {
      if (!lesson) return;
      lesson.finished = outcome;
      changed();
    },
  };
  return { observer, current: () => lesson };
}
