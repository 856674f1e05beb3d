// The floor under `k8s-tutor --help`: a commander program with the tutor's commands and options and
// no work of its own, bundled and started the way bin/k8s-tutor.js starts the CLI (bench/startup.sh).
// The commands come from the same table the CLI is built from (src/cli/table.ts), so the two never drift.
import { Command, Option } from 'commander';
import { COMMANDS, GLOBAL_OPTIONS, GROUPS, PROGRAM_DESCRIPTION } from '../../src/cli/table.ts';

const addOption = (command, spec) => {
  const option = new Option(spec.flags, spec.description);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.hidden) option.hideHelp();
  command.addOption(option);
};

const program = new Command('k8s-tutor').description(PROGRAM_DESCRIPTION).version('0.0.0', '--version');
for (const spec of GLOBAL_OPTIONS) addOption(program, spec);
const groups = new Map();
for (const spec of COMMANDS) {
  const words = spec.name.split(' ');
  let parent = program;
  if (words.length > 1) {
    if (!groups.has(words[0])) groups.set(words[0], program.command(words[0]).description(GROUPS[words[0]] ?? ''));
    parent = groups.get(words[0]);
  }
  const command = parent.command(`${words.at(-1)}${spec.args ? ` ${spec.args}` : ''}`).description(spec.description).action(() => undefined);
  for (const option of spec.options ?? []) addOption(command, option);
}
await program.parseAsync(process.argv);
