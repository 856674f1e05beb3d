// The floor under `k8s-tutor --help`: a commander program with the tutor's commands and options and
// no work of its own, bundled and started the way bin/k8s-tutor.js starts the CLI (bench/startup.sh).
import { Command } from 'commander';

const program = new Command('k8s-tutor')
  .description('Learn Kubernetes on your own local cluster, one lesson at a time.')
  .option('--kubeconfig <path>', 'kubeconfig file to use')
  .option('--context <name>', 'kubeconfig context to use')
  .option('-n, --namespace <name>', "the tutor's own namespace", 'k8s-tutor')
  .option('-y, --yes', 'answer every question with yes')
  .option('--json', 'machine-readable output on stdout')
  .option('--allow-context <name>', 'let the tutor change a cluster that does not look local')
  .option('--no-color', 'no colours')
  .option('--verbose', 'show stack traces on errors');
const commands = [
  ['start', 'menu of lessons with your progress'],
  ['lesson <lesson>', 'run one lesson', '--restart'],
  ['check [lesson]', "verify a lesson's expected state", '--watch'],
  ['reset', 'delete what the tutor created', '--progress'],
  ['list', 'the lessons, with your progress'],
  ['hint [lesson]', 'the next thing to do in a lesson'],
  ['doctor', 'preflight'],
];
for (const [name, description, flag] of commands) {
  const command = program.command(name).description(description).action(() => undefined);
  if (flag) command.option(flag, flag.slice(2));
}
await program.parseAsync(process.argv);
