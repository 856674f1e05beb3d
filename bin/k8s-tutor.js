#!/usr/bin/env node
// Kept to syntax that any Node can parse, so that an old Node gets the sentence below, not a SyntaxError.
var major = Number(process.versions.node.split('.')[0]);
var minor = Number(process.versions.node.split('.')[1]);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write('k8s-tutor needs Node.js 22.19 or newer (you have ' + process.version + '): install Node 24 LTS from https://nodejs.org or with `nvm install 24`.\n');
  process.exit(2);
}
// Node's on-disk compile cache (22.1+; NODE_DISABLE_COMPILE_CACHE=1 turns it off) spares recompiling the bundle on every run.
var nodeModule = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:module') : undefined;
if (nodeModule && typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache();
// --verbose prints stack traces: map them to the TypeScript sources (dist/*.map ship with the package).
// Only then, so that no other run pays for reading the maps.
if (process.argv.indexOf('--verbose') !== -1 && typeof process.setSourceMapsEnabled === 'function') process.setSourceMapsEnabled(true);
import('../dist/main.js').then(
  function (m) { return m.main(process.argv); },
  function (err) {
    // A clone that was never built has no dist/: say so in one line, not with a stack trace.
    var distDir = new URL('../dist/', import.meta.url).href;
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.url || err.message).indexOf(distDir) !== -1) {
      process.stderr.write('k8s-tutor: dist/ is missing or incomplete: run `npm run build` in ' + new URL('..', import.meta.url).pathname + ' first.\n');
      process.exit(2);
    }
    throw err;
  }
);
