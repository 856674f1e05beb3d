#!/usr/bin/env node
// Kept to syntax that any Node can parse, so that an old Node gets the sentence below, not a SyntaxError.
var major = Number(process.versions.node.split('.')[0]);
var minor = Number(process.versions.node.split('.')[1]);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write('k8s-tutor needs Node.js 22.19 or newer (you have ' + process.version + '): install Node 24 LTS from https://nodejs.org or with `nvm install 24`.\n');
  process.exit(2);
}
import('../dist/main.js').then(function (m) { return m.main(process.argv); });
