import { UsageError } from '../errors.js';
import { formatTable, PromptAbortedError, type Choice, type Progress, type PromptOptions, type Ui } from './ui.js';

export interface Output {
  write(text: string): unknown;
}

/** A prompt answer for tests: the value to pick, matched by the question it expects. */
export interface ScriptedAnswer {
  question: RegExp | string;
  answer: unknown;
}

/**
 * Plain text, no colour, no spinners: for pipes, CI, --json (which sends text to stderr) and tests.
 * Prompts take scripted answers in order; a question nobody scripted is an error, so a test
 * notices an unexpected prompt and a non-TTY never waits on one.
 */
export class PlainUi implements Ui {
  readonly interactive: boolean;
  private readonly answers: ScriptedAnswer[];

  constructor(private readonly out: Output, private readonly err: Output = out, answers?: ScriptedAnswer[]) {
    this.answers = answers ? [...answers] : [];
    this.interactive = answers !== undefined;
  }

  private print(text: string): void {
    this.out.write(`${text}\n`);
  }

  heading(title: string, right?: string): void {
    this.print(`\n${title}${right ? `    ${right}` : ''}\n`);
  }
  say(text: string): void {
    this.print(text);
  }
  step(text: string): void {
    this.print(`> ${text}`);
  }
  command(text: string): void {
    this.print(`  $ ${text}`);
  }
  ok(text: string): void {
    this.print(`✔ ${text}`);
  }
  bad(text: string): void {
    this.print(`✘ ${text}`);
  }
  warn(text: string): void {
    this.print(`! ${text}`);
  }
  dim(text: string): void {
    this.print(`  ${text}`);
  }
  lines(lines: string[]): void {
    for (const line of lines) this.print(`  ${line}`);
  }
  table(header: string[], rows: string[][]): void {
    this.lines(formatTable(header, rows));
  }
  progress(text: string): Progress {
    this.print(`… ${text}`);
    let last = text;
    return {
      update: (next) => {
        if (next !== last) this.print(`… ${next}`);
        last = next;
      },
      succeed: (done) => this.ok(done ?? last),
      fail: (failed) => this.bad(failed ?? last),
      stop: () => undefined,
    };
  }

  private next(message: string, signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(new PromptAbortedError());
    const index = this.answers.findIndex((a) => (typeof a.question === 'string' ? message.includes(a.question) : a.question.test(message)));
    if (!this.interactive) {
      return Promise.reject(new UsageError(`this step asks "${message}", but there is no terminal to answer it`, 'Run it in a terminal, or add --yes to run unattended.'));
    }
    if (index !== 0) {
      return Promise.reject(new Error(`unexpected prompt: "${message}" (next scripted: ${this.answers[0] ? String(this.answers[0].question) : 'none'})`));
    }
    const [scripted] = this.answers.splice(0, 1);
    this.print(`? ${message} ${String(scripted!.answer)}`);
    return Promise.resolve(scripted!.answer);
  }

  async select<T>(message: string, _choices: Choice<T>[], options: PromptOptions<T> = {}): Promise<T> {
    return (await this.next(message, options.signal)) as T;
  }

  async confirm(message: string, options: PromptOptions<boolean> = {}): Promise<boolean> {
    return (await this.next(message, options.signal)) as boolean;
  }

  error(message: string, hint?: string): void {
    this.err.write(`k8s-tutor: ${message}\n${hint ? `  hint: ${hint}\n` : ''}`);
  }

  /** Scripted answers not used by the end of a test mean the flow took another path. */
  get unanswered(): number {
    return this.answers.length;
  }
}
