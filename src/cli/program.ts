import { Command, CommanderError, Option } from 'commander';
import { catalog, loadLesson, metricsServer, sampleImage } from '../../lessons/catalog.js';
import { configDir, ProgressStore } from '../course/progress.js';
import { UsageError } from '../errors.js';
import { createUi } from '../ui/create.js';
import type { Ui } from '../ui/ui.js';
import listCommand from './commands/list.js';
import { tutorVersion } from './commands/version.js';
import type { CommandInput, CommandModule, Deps } from './deps.js';
import { validateGlobal, type GlobalOptions } from './options.js';
import { asName, renamedUi } from './rename.js';
import { COMMANDS, GLOBAL_OPTIONS, GROUPS, PROGRAM_DESCRIPTION, type CommandId, type CommandSpec, type OptionSpec } from './table.js';

// Commands other than `list`, `--help` and `--version` load their modules (and through them the
// engine, the lessons and the Kubernetes client) only when they run: start-up time is measured (bench/).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<any, any>;

type TableRow = CommandSpec & { id: CommandId };
const commands: readonly TableRow[] = COMMANDS;

/** A command's module, src/cli/commands/<id>.ts, loaded when it runs (`list` is at hand: it must start fast). */
async function loadCommand(id: CommandId): Promise<AnyCommand> {
  if (id === 'list') return listCommand;
  // The .ts name: esbuild bundles a template import by globbing the source files it matches.
  return ((await import(`./commands/${id}.ts`)) as { default: AnyCommand }).default;
}

export interface ProgramIo {
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  /** Tests replace the UI (scripted prompts, a string buffer). */
  makeUi?: (global: GlobalOptions) => Promise<Ui>;
  /** Receives --json output. */
  stdout?: (text: string) => void;
  /** Receives help and --version text that commander writes (default: the process's streams). */
  write?: { out: (text: string) => void; err: (text: string) => void };
  /** The UI in use, once created, so that the caller can report errors through it. */
  onUi?: (ui: Ui, global: GlobalOptions) => void;
  /** How the learner called the tutor: `k8s-tutor`, or `kubectl tutor` (the kubectl-tutor plugin). */
  name?: string;
}

async function makeDeps(command: Command, io: ProgramIo): Promise<Deps> {
  const global = validateGlobal(command.optsWithGlobals());
  const made = io.makeUi ? await io.makeUi(global) : await createUi({ json: global.json, color: global.color }, io.env);
  const ui = renamedUi(made, io.name);
  io.onUi?.(ui, global);
  const dir = configDir(io.env);
  const store = new ProgressStore(dir);
  store.load();
  if (store.warning && !global.json) ui.warn(store.warning);
  return {
    ui,
    store,
    lessons: catalog,
    loadLesson,
    sampleImage,
    metricsServer,
    global,
    signal: io.signal,
    configDir: dir,
    env: io.env,
    async connect({ writes }) {
      const { connect } = await import('../kube/connect.js');
      return connect({
        kubeconfig: global.kubeconfig,
        context: global.context,
        env: io.env,
        namespace: global.namespace,
        allowContext: global.allowContext,
        writes,
        confirmForeign:
          ui.interactive && !global.yes
            ? (info) => ui.confirm(`Context ${info.name} points at ${info.server}, which does not look like a local cluster. Let the tutor change things there?`, { default: false, signal: io.signal })
            : undefined,
      });
    },
  };
}

function addOption(command: Command, spec: OptionSpec): void {
  const option = new Option(spec.flags, spec.description);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.hidden) option.hideHelp();
  command.addOption(option);
}

/** The line under the help that tells a newcomer where to begin. */
export function startHere(name: string): string {
  return `\nStart here: \`${name} doctor\` checks your setup, then \`${name} start\` opens the lessons.\n`;
}

/**
 * Builds the commander program from the command table (table.ts). Every action is the same:
 * global options → the command's validate (pure) → run (returns data and an exit code) → render,
 * or the data as JSON with --json; the exit code lands in `result`.
 */
export function buildProgram(io: ProgramIo, result: { exitCode: number }): Command {
  const name = io.name ?? 'k8s-tutor';
  const emitJson = (data: unknown) => (io.stdout ?? ((t) => process.stdout.write(t)))(`${JSON.stringify(data, null, 2)}\n`);
  const write = io.write ?? { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };

  const program = new Command(name)
    .description(PROGRAM_DESCRIPTION)
    .version(tutorVersion(), '--version', "the tutor's version")
    .showSuggestionAfterError(true)
    .exitOverride()
    // Help goes out as commander writes it; its error messages come back through commanderToUsage as one line and a hint.
    .configureOutput({ writeOut: (t) => write.out(asName(t, name)), writeErr: (t) => write.err(asName(t, name)), outputError: () => undefined })
    .addHelpText('after', startHere(name));
  for (const spec of GLOBAL_OPTIONS) addOption(program, spec);

  const groups = new Map<string, Command>();
  for (const spec of commands) {
    const words = spec.name.split(' ');
    let parent = program;
    if (words.length > 1) {
      const group = words[0]!;
      if (!groups.has(group)) groups.set(group, program.command(group).description(GROUPS[group] ?? ''));
      parent = groups.get(group)!;
    }
    const command = parent.command(`${words.at(-1)}${spec.args ? ` ${spec.args}` : ''}`).description(spec.description);
    for (const option of spec.options ?? []) addOption(command, option);
    command.action(async (...received: unknown[]) => {
      const cmd = received.at(-1) as Command;
      const flags = received.at(-2) as Record<string, unknown>;
      const args = received.slice(0, -2) as (string | undefined)[];
      await runCommand(spec, { args, flags }, cmd);
    });
  }

  async function runCommand(spec: TableRow, typed: Pick<CommandInput, 'args' | 'flags'>, cmd: Command): Promise<void> {
    const deps = await makeDeps(cmd, io);
    const module = await loadCommand(spec.id);
    const input: CommandInput = { ...typed, global: deps.global, interactive: deps.ui.interactive, lessons: deps.lessons, progress: deps.store.load() };
    const options = module.validate(input);
    const outcome = await module.run(options, deps);
    if (deps.global.json) emitJson(outcome.data);
    else module.render(deps.ui, outcome.data, options);
    result.exitCode = outcome.exitCode;
  }

  return program;
}

/** Commander's own errors (unknown option, missing argument) as usage errors with exit 2; help and --version are no errors. */
export function commanderToUsage(error: CommanderError, name = 'k8s-tutor'): UsageError | undefined {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return undefined;
  // The first line says what is wrong; commander's "(Did you mean …?)" line, when there is one, goes into the hint.
  const [first, ...rest] = error.message.replace(/^error: /, '').split('\n');
  const suggestion = rest.map((l) => l.trim().replace(/^\((.*)\)$/, '$1')).filter(Boolean).join(' ');
  return new UsageError(first!, `${suggestion ? `${suggestion} ` : ''}See \`${name} --help\`.`);
}
