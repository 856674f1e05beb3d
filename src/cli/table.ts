/**
 * The command table: every command, its arguments, options and help text, as plain data. program.ts
 * builds the commander program from it, and the bench's commander floor (bench/peers/commander-floor.mjs)
 * builds the same program with no work behind it. Nothing here imports anything, so reading it costs nothing.
 */

export interface OptionSpec {
  flags: string;
  description: string;
  default?: string;
  hidden?: boolean;
}

export interface CommandSpec {
  /** Its module, src/cli/commands/<id>.ts, which validates, runs and renders it (a CommandModule, src/cli/deps.ts). */
  id: string;
  /** As typed: `check`, or `dev check` for a subcommand. */
  name: string;
  /** commander's argument syntax: `<lesson>`, `[lesson]`. */
  args?: string;
  description: string;
  options?: readonly OptionSpec[];
}

export const PROGRAM_DESCRIPTION = 'Learn Kubernetes on your own local cluster, one lesson at a time.';

export const GLOBAL_OPTIONS: OptionSpec[] = [
  { flags: '--kubeconfig <path>', description: 'kubeconfig file to use (default: KUBECONFIG or ~/.kube/config)' },
  { flags: '--context <name>', description: 'kubeconfig context to use (default: the current one)' },
  { flags: '-n, --namespace <name>', description: "the tutor's own namespace", default: 'k8s-tutor' },
  { flags: '-y, --yes', description: 'answer every question with yes; lessons run unattended' },
  { flags: '--json', description: 'machine-readable output on stdout' },
  { flags: '--allow-context <name>', description: 'let the tutor change a cluster that does not look local' },
  { flags: '--no-color', description: 'no colours (NO_COLOR is honoured too)' },
  { flags: '--verbose', description: 'show stack traces on errors' },
  { flags: '--no-colour', description: '', hidden: true },
];

export const COMMANDS = [
  {
    id: 'start',
    name: 'start',
    description: 'menu of lessons with your progress; resumes where you left off',
    options: [{ flags: '--view', description: 'draw your objects live in a browser beside the terminal (a local page; the address is printed)' }],
  },
  {
    id: 'lesson',
    name: 'lesson',
    args: '<lesson>',
    description: 'run one lesson, by slug, number or alias (e.g. self-healing, 6, healing)',
    options: [
      { flags: '--restart', description: 'start the lesson from its first step' },
      { flags: '--skip-tries', description: 'do the tutor\'s own steps and leave every try-it step for you to do later' },
      { flags: '--view', description: 'draw your objects live in a browser beside the terminal; the lesson begins once the page is open' },
    ],
  },
  {
    id: 'check',
    name: 'check',
    args: '[lesson]',
    description: "verify a lesson's expected state (default: the current lesson)",
    options: [
      { flags: '--watch', description: 'keep a live checklist until everything passes' },
      { flags: '--timeout <seconds>', description: 'with --watch: give up after this long' },
    ],
  },
  { id: 'reset', name: 'reset', description: 'delete what the tutor created (only objects it labelled)', options: [{ flags: '--progress', description: 'clear your progress too' }] },
  { id: 'list', name: 'list', description: 'the lessons, with your progress' },
  { id: 'hint', name: 'hint', args: '[lesson]', description: 'the next thing to do in a lesson' },
  { id: 'doctor', name: 'doctor', description: 'preflight: Node, kubectl, kubeconfig, cluster, permissions, features, image tool' },
  { id: 'manifests', name: 'manifests', args: '[dir]', description: 'copy the course files (manifests/, sample-app/) to DIR (default: ~/k8s-tutor, or K8S_TUTOR_WORKDIR)' },
  { id: 'version', name: 'version', description: "the tutor's version (also --version)" },
  { id: 'view', name: 'view', description: 'draw the namespace live in a browser: deployments, pods, services, endpoints, events (Ctrl-C stops it)' },
  { id: 'dev-check', name: 'dev check', description: 'lint the curriculum: ids, hints, checks and manifests' },
] as const satisfies readonly CommandSpec[];

/** A command's id: the table is the only list of commands. */
export type CommandId = (typeof COMMANDS)[number]['id'];

/** Help text of the parent of subcommands (`dev`). */
export const GROUPS: Record<string, string> = { dev: 'for course authors' };
