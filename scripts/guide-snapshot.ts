// Writes lessons/guide-commands.json: the course guide's kubectl commands, so `dev check` can tell
// which ones no lesson mentions on a clone or an install that has no guide beside it.
// Run with `npm run guide:snapshot` after the guide changes (Node 24 strips the types).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guideCommands } from '../src/course/guide-coverage.ts';

const root = join(import.meta.dirname, '..');
const guide = process.env.K8S_TUTOR_GUIDE || join(root, '..', 'shared', 'guide', 'kubernetes-guide.md');
const commands = guideCommands(readFileSync(guide, 'utf8'));
writeFileSync(join(root, 'lessons', 'guide-commands.json'), `${JSON.stringify({ commands }, null, 1)}\n`);
console.log(`lessons/guide-commands.json: ${commands.length} commands from ${guide}`);
