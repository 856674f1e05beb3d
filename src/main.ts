import { CommanderError } from 'commander';
import { buildProgram, commanderToUsage } from './cli/program.js';
import { invokedAs, renamedUi } from './cli/rename.js';
import { InterruptedError, TutorError } from './errors.js';
import { describeError } from './kube/describe-error.js';
import { PlainUi } from './ui/plain.js';
import type { Ui } from './ui/ui.js';

export interface RunResult {
  exitCode: number;
}

/**
 * Runs the CLI and returns the exit code: 0 ok, 1 a check failed, 2 a usage, configuration or
 * cluster error (one line and a hint; the stack only with --verbose), 130 on Ctrl-C.
 */
export async function runCli(argv: string[], io: { signal: AbortSignal; env: NodeJS.ProcessEnv; name?: string }): Promise<number> {
  const result = { exitCode: 0 };
  let ui: Ui = new PlainUi(process.stdout, process.stderr);
  let verbose = argv.includes('--verbose');
  const name = io.name ?? invokedAs(argv);
  const program = buildProgram({ ...io, name, onUi: (u, g) => ((ui = renamedUi(u, name)), (verbose = g.verbose)) }, result);
  try {
    await program.parseAsync(argv);
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const usage = commanderToUsage(error, name);
      // Help asked for: 0. Help shown because no command was given: commander's exit code (1).
      if (!usage) return error.exitCode;
      ui.error(usage.message, usage.hint);
      return usage.exitCode;
    }
    if (error instanceof InterruptedError || io.signal.aborted) {
      ui.error('Interrupted. Your progress is saved up to the last finished step.', 'Run the same command again to continue.');
      return 130;
    }
    const { message, hint } = describeError(error);
    renamedUi(ui, name).error(message, hint);
    if (verbose) process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n${error instanceof Error && error.cause ? `cause: ${String((error.cause as Error).stack ?? error.cause)}\n` : ''}`);
    return error instanceof TutorError ? error.exitCode : 2;
  }
}

export async function main(argv: string[]): Promise<void> {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
  const code = await runCli(argv, { signal: controller.signal, env: process.env });
  // Watches and keep-alive sockets would hold the process open; the work is done, so leave.
  process.exit(code);
}
