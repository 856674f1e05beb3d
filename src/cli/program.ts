import { Command, CommanderError, Option } from 'commander';
import { catalog, loadAllLessons, loadLesson } from '../../lessons/catalog.js';
import { configDir, ProgressStore } from '../course/progress.js';
import { findLesson } from '../course/registry.js';
import { UsageError } from '../errors.js';
import { createUi } from '../ui/create.js';
import type { Ui } from '../ui/ui.js';
import type { CommandResult, Deps } from './deps.js';
import { validateGlobal, type GlobalOptions } from './options.js';
import { renderList, runList } from './commands/list.js';

// Commands other than `list` and `--help` load their modules (and through them the engine, the
// lessons and the Kubernetes client) only when they run: start-up time is measured (bench/).

export interface ProgramIo {
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  /** Tests replace the UI (scripted prompts, a string buffer). */
  makeUi?: (global: GlobalOptions) => Promise<Ui>;
  /** Receives --json output. */
  stdout?: (text: string) => void;
  /** The UI in use, once created, so that the caller can report errors through it. */
  onUi?: (ui: Ui, global: GlobalOptions) => void;
}

async function makeDeps(command: Command, io: ProgramIo): Promise<Deps> {
  const global = validateGlobal(command.optsWithGlobals());
  const ui = io.makeUi ? await io.makeUi(global) : await createUi({ json: global.json, color: global.color }, io.env);
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
    global,
    signal: io.signal,
    configDir: dir,
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

/** Builds the commander program. Each action: options → validate (pure) → run (returns data) → render; its exit code lands in `result`. */
export function buildProgram(io: ProgramIo, result: { exitCode: number }): Command {
  const emitJson = (data: unknown) => (io.stdout ?? ((t) => process.stdout.write(t)))(`${JSON.stringify(data, null, 2)}\n`);
  const finish = <T>(deps: Deps, outcome: CommandResult<T>, render: (ui: Ui, data: T) => void) => {
    if (deps.global.json) emitJson(outcome.data);
    else render(deps.ui, outcome.data);
    result.exitCode = outcome.exitCode;
  };

  const program = new Command('k8s-tutor')
    .description('Learn Kubernetes on your own local cluster, one lesson at a time.')
    .option('--kubeconfig <path>', 'kubeconfig file to use (default: KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use (default: the current one)')
    .option('-n, --namespace <name>', "the tutor's own namespace", 'k8s-tutor')
    .option('-y, --yes', 'answer every question with yes; lessons run unattended')
    .option('--json', 'machine-readable output on stdout')
    .option('--allow-context <name>', 'let the tutor change a cluster that does not look local')
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .option('--verbose', 'show stack traces on errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });

  program
    .command('start')
    .description('menu of lessons with your progress; resumes where you left off')
    .action(async (_o, cmd: Command) => {
      const deps = await makeDeps(cmd, io);
      const { runStart, validateStart } = await import('./commands/start.js');
      validateStart(deps.global, deps.ui.interactive);
      const outcome = await runStart(deps);
      result.exitCode = outcome.exitCode;
    });

  program
    .command('lesson <lesson>')
    .description('run one lesson, by slug, number or alias (e.g. self-healing, 6, healing)')
    .option('--restart', 'start the lesson from its first step')
    .action(async (query: string, opts: { restart?: boolean }, cmd: Command) => {
      const deps = await makeDeps(cmd, io);
      const { runLessonCommand, validateLesson } = await import('./commands/lesson.js');
      const options = validateLesson(query, { yes: deps.global.yes, restart: opts.restart }, deps.lessons, deps.ui.interactive);
      const outcome = await runLessonCommand(options, deps);
      finish(deps, outcome, () => undefined);
    });

  program
    .command('check [lesson]')
    .description("verify a lesson's expected state (default: the current lesson)")
    .option('--watch', 'keep a live checklist until everything passes')
    .option('--timeout <seconds>', 'with --watch: give up after this long', undefined)
    .action(async (query: string | undefined, opts: { watch?: boolean; timeout?: string }, cmd: Command) => {
      const deps = await makeDeps(cmd, io);
      const { renderCheck, runCheck, validateCheck } = await import('./commands/check.js');
      const options = validateCheck(query, { ...opts, json: deps.global.json }, deps.lessons, deps.store.load());
      const outcome = await runCheck(options, deps);
      finish(deps, outcome, (ui, data) => renderCheck(ui, data, options.watch));
    });

  program
    .command('reset')
    .description('delete what the tutor created (only objects it labelled)')
    .option('--progress', 'clear your progress too')
    .action(async (opts: { progress?: boolean }, cmd: Command) => {
      const deps = await makeDeps(cmd, io);
      const { runReset, validateReset } = await import('./commands/reset.js');
      const options = validateReset(opts, deps.global, deps.ui.interactive);
      const outcome = await runReset(options, deps);
      finish(deps, outcome, (ui, data) => {
        if (data.deleted.length === 0) ui.ok(`Nothing of the tutor's is left in namespace ${data.namespace}.`);
        else ui.ok(`Deleted ${data.deleted.join(', ')}.`);
        if (data.progressCleared) ui.ok('Progress cleared.');
      });
    });

  program
    .command('list')
    .description('the lessons, with your progress')
    .action(async (_o, cmd: Command) => {
      const deps = await makeDeps(cmd, io);
      finish(deps, await runList(deps), renderList);
    });

  program
    .command('hint [lesson]')
    .description('the next thing to do in a lesson')
    .action(async (query: string | undefined, _o, cmd: Command) => {
      const deps = await makeDeps(cmd, io);
      const [{ runHint }, { validateCheck }] = await Promise.all([import('./commands/hint.js'), import('./commands/check.js')]);
      const lesson = query ? findLesson(deps.lessons, query) : validateCheck(undefined, { json: false }, deps.lessons, deps.store.load()).lesson;
      finish(deps, await runHint(lesson, deps), (ui, data) => {
        if (data.next) ui.say(`Next: ${data.next}`);
        if (data.note) ui.dim(data.note);
        for (const hint of data.hints) ui.dim(`hint: ${hint}`);
      });
    });

  program
    .command('doctor')
    .description('preflight: your Node, kubeconfig, cluster and its features')
    .action(async (_o, cmd: Command) => {
      const deps = await makeDeps(cmd, io);
      const { renderDoctor, runDoctor } = await import('./commands/doctor.js');
      finish(deps, await runDoctor(deps), renderDoctor);
    });

  program
    .command('dev')
    .description('for course authors')
    .command('check')
    .description('lint the curriculum: ids, hints, checks and manifests')
    .action(async (_o, cmd: Command) => {
      const deps = await makeDeps(cmd, io);
      const { runDevCheck } = await import('./commands/dev-check.js');
      finish(deps, runDevCheck(await loadAllLessons()), (ui, problems) => {
        if (problems.length === 0) ui.ok(`${deps.lessons.length} lessons and their manifests are fine.`);
        for (const p of problems) ui.bad(`${p.where}: ${p.problem}`);
      });
    });

  program.addOption(new Option('--no-colour').hideHelp());
  return program;
}

/** Commander's own errors (unknown option, missing argument) as usage errors with exit 2. */
export function commanderToUsage(error: CommanderError): UsageError | undefined {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return undefined;
  const message = error.message.replace(/^error: /, '').split('\n')[0]!;
  return new UsageError(message, 'See `k8s-tutor --help`.');
}
