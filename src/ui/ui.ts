/** What the tutor shows and asks. Implementations: terminal.ts (the only importer of chalk, ora and
 * @inquirer/prompts) and plain.ts (non-TTY, --json, tests with scripted answers). */

export interface Progress {
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
  disabled?: boolean | string;
}

export interface PromptOptions<T> {
  default?: T;
  /** Aborting cancels the prompt (the tutor noticed the learner's change on its own). */
  signal?: AbortSignal;
}

export interface Ui {
  /** True when the learner can answer prompts. */
  readonly interactive: boolean;
  heading(title: string, right?: string): void;
  say(text: string): void;
  step(text: string): void;
  command(text: string): void;
  ok(text: string): void;
  bad(text: string): void;
  warn(text: string): void;
  dim(text: string): void;
  lines(lines: string[]): void;
  table(header: string[], rows: string[][]): void;
  progress(text: string): Progress;
  select<T>(message: string, choices: Choice<T>[], options?: PromptOptions<T>): Promise<T>;
  confirm(message: string, options?: PromptOptions<boolean>): Promise<boolean>;
  error(message: string, hint?: string): void;
}

/** Thrown by a prompt whose signal was aborted. */
export class PromptAbortedError extends Error {
  constructor() {
    super('prompt aborted');
    this.name = 'PromptAbortedError';
  }
}

export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd();
  return [line(header), ...rows.map(line)];
}
