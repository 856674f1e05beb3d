import type { Lesson, LessonHeader } from '../course/lesson.js';
import type { ProgressStore } from '../course/progress.js';
import type { Session } from '../kube/connect.js';
import type { Ui } from '../ui/ui.js';
import type { GlobalOptions } from './options.js';

/** What commands get from the outside world; tests pass their own. */
export interface Deps {
  ui: Ui;
  store: ProgressStore;
  /** The course outline; bodies load on demand. */
  lessons: LessonHeader[];
  loadLesson(id: string): Promise<Lesson>;
  global: GlobalOptions;
  /** Connects lazily; `writes` turns on the context guard. */
  connect(options: { writes: boolean }): Promise<Session>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Where the lesson lock files go. */
  configDir: string;
}

/** A command's outcome: the data it found, and the process exit code it implies. */
export interface CommandResult<T> {
  data: T;
  exitCode: number;
}
