import type { Lesson, LessonHeader } from '../course/lesson.js';
import type { ProgressData, ProgressStore } from '../course/progress.js';
import type { MetricsServerCommands } from '../kube/metrics-install.js';
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
  /** The course's app image (the catalog's), which doctor looks for on the nodes. */
  sampleImage: string;
  /** How the course installs metrics-server (lessons/outline.ts), for doctor's advice. */
  metricsServer: MetricsServerCommands;
  global: GlobalOptions;
  /** Connects lazily; `writes` turns on the context guard. */
  connect(options: { writes: boolean }): Promise<Session>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Where the lesson lock files go. */
  configDir: string;
  env: NodeJS.ProcessEnv;
}

/** A command's outcome: the data it found, and the process exit code it implies. */
export interface CommandResult<T> {
  data: T;
  exitCode: number;
}

/** Everything a command's validate() may look at: what was typed, and what is known without I/O. */
export interface CommandInput {
  /** Positional arguments, in the order of the command table's `args`. */
  args: (string | undefined)[];
  /** The command's own flags, as commander parsed them. */
  flags: Record<string, unknown>;
  global: GlobalOptions;
  /** Whether a person can answer prompts. */
  interactive: boolean;
  lessons: LessonHeader[];
  progress: ProgressData;
}

/**
 * The shape of every command module (src/cli/commands/*.ts, default export):
 * validate (pure: throws a UsageError or returns the options) → run (does the work, returns data and
 * an exit code; never prints the result) → render (prints the data for a person; --json prints the data instead).
 */
export interface CommandModule<O, T> {
  validate(input: CommandInput): O;
  run(options: O, deps: Deps): Promise<CommandResult<T>>;
  render(ui: Ui, data: T, options: O): void;
}

export function defineCommand<O, T>(module: CommandModule<O, T>): CommandModule<O, T> {
  return module;
}
