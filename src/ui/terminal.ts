import { Chalk, type ChalkInstance } from 'chalk';
import ora from 'ora';
import { confirm as inquirerConfirm, select as inquirerSelect } from '@inquirer/prompts';
import { InterruptedError } from '../errors.js';
import { formatTable, PromptAbortedError, type Choice, type Progress, type PromptOptions, type Ui } from './ui.js';

/** The learner's terminal: colour (unless --no-color or NO_COLOR), spinners with counts, arrow-key menus. */
export class TerminalUi implements Ui {
  readonly interactive = true;
  private readonly c: ChalkInstance;

  constructor(color: boolean, private readonly out: NodeJS.WriteStream = process.stdout, private readonly err: NodeJS.WriteStream = process.stderr) {
    this.c = new Chalk({ level: color ? 2 : 0 });
  }

  private print(text: string): void {
    this.out.write(`${text}\n`);
  }

  heading(title: string, right?: string): void {
    const width = Math.min(this.out.columns ?? 100, 100);
    const gap = right ? Math.max(2, width - 2 - title.length - right.length) : 0;
    this.print(`\n ${this.c.bold(title)}${right ? ' '.repeat(gap) + this.c.dim(right) : ''}\n`);
  }
  say(text: string): void {
    this.print(` ${text}`);
  }
  step(text: string): void {
    this.print(` ${this.c.cyan('▸')} ${text}`);
  }
  command(text: string): void {
    this.print(`   ${this.c.dim('$')} ${this.c.yellow(text)}`);
  }
  ok(text: string): void {
    this.print(` ${this.c.green('✔')} ${text}`);
  }
  bad(text: string): void {
    this.print(` ${this.c.red('✘')} ${text}`);
  }
  warn(text: string): void {
    this.print(` ${this.c.yellow('!')} ${text}`);
  }
  dim(text: string): void {
    this.print(`   ${this.c.dim(text)}`);
  }
  lines(lines: string[]): void {
    for (const line of lines) {
      const styled = line.startsWith('- ') ? this.c.red(line) : line.startsWith('+ ') ? this.c.green(line) : line;
      this.print(`   ${styled}`);
    }
  }
  table(header: string[], rows: string[][]): void {
    const [head, ...body] = formatTable(header, rows);
    this.print(`   ${this.c.bold(head ?? '')}`);
    for (const line of body) this.print(`   ${line}`);
  }

  progress(text: string): Progress {
    const spinner = ora({ text, stream: this.out, indent: 1 }).start();
    return {
      update: (next) => {
        spinner.text = next;
      },
      succeed: (done) => {
        spinner.stopAndPersist({ symbol: this.c.green('✔'), text: done ?? spinner.text });
      },
      fail: (failed) => {
        spinner.stopAndPersist({ symbol: this.c.red('✘'), text: failed ?? spinner.text });
      },
      stop: () => {
        spinner.stop();
      },
    };
  }

  async select<T>(message: string, choices: Choice<T>[], options: PromptOptions<T> = {}): Promise<T> {
    return prompt(() => inquirerSelect<T>({ message, choices, default: options.default, pageSize: 16 }, { signal: options.signal, output: this.out }));
  }

  async confirm(message: string, options: PromptOptions<boolean> = {}): Promise<boolean> {
    return prompt(() => inquirerConfirm({ message, default: options.default }, { signal: options.signal, output: this.out }));
  }

  error(message: string, hint?: string): void {
    this.err.write(`${this.c.red('k8s-tutor:')} ${message}\n${hint ? `  ${this.c.dim('hint:')} ${hint}\n` : ''}`);
  }
}

async function prompt<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'AbortPromptError') throw new PromptAbortedError();
    if (name === 'ExitPromptError') throw new InterruptedError();
    throw error;
  }
}
