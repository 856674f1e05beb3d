import type { Ui } from './ui.js';
import { PlainUi } from './plain.js';

export interface UiOptions {
  json?: boolean;
  color?: boolean;
}

/**
 * The terminal UI when a person is there, the plain one otherwise. With --json, human text goes to
 * stderr so that stdout stays pure JSON. The terminal module is loaded only when it is used.
 */
export async function createUi(options: UiOptions, env: NodeJS.ProcessEnv = process.env): Promise<Ui> {
  if (options.json) return new PlainUi(process.stderr, process.stderr);
  const tty = Boolean(process.stdout.isTTY && process.stdin.isTTY) && env.TERM !== 'dumb';
  if (!tty) return new PlainUi(process.stdout, process.stderr);
  const color = options.color !== false && !('NO_COLOR' in env && env.NO_COLOR !== '');
  const { TerminalUi } = await import('./terminal.js');
  return new TerminalUi(color);
}
