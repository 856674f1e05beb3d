'use strict';
// The sample app's container command: the exec-form CMD of sample-app/Dockerfile, printed as JSON, or with
// --node-options only the options between "node" and "dist/server.js", one per line. cluster/image.sh
// and bench/app.sh start the app with it, so the cluster, the bench and a docker build run the same thing.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const line = readFileSync(join(__dirname, '..', 'sample-app', 'Dockerfile'), 'utf8').split('\n').filter((l) => /^CMD /.test(l)).at(-1) ?? '';
let argv;
try {
  argv = JSON.parse(line.slice(4));
} catch {
  argv = undefined;
}
if (!Array.isArray(argv) || argv[0] !== 'node' || argv.at(-1) !== 'dist/server.js') {
  process.stderr.write(`sample-app/Dockerfile: expected CMD ["node", …, "dist/server.js"], found: ${line || 'no CMD'}\n`);
  process.exit(1);
}
process.stdout.write(process.argv[2] === '--node-options' ? argv.slice(1, -1).map((a) => `${a}\n`).join('') : JSON.stringify(argv));
