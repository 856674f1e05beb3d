// Bundles the CLI with esbuild, split so that commands that never talk to the cluster
// do not load @kubernetes/client-node; then compiles the sample app with tsc.
// Dependencies are bundled and minified too: resolving and compiling hundreds of files from
// node_modules cost `check` about 0.6 s of start-up (bench/README-performance.md has the figures).
// CommonJS dependencies (commander, yaml, undici) call require() for Node built-ins, which an ES
// module lacks, hence the createRequire banner in every chunk.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';

// Build beside dist/ and swap it in, so that a CLI started meanwhile never finds dist/ half-written.
const next = `dist.next-${process.pid}`;
const old = `dist.old-${process.pid}`;
await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: next,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  banner: { js: "import { createRequire as __tutorRequire } from 'node:module'; const require = __tutorRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
if (existsSync('dist')) renameSync('dist', old);
renameSync(next, 'dist');
rmSync(old, { recursive: true, force: true });

if (existsSync('sample-app/tsconfig.json')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'sample-app/tsconfig.json'], { stdio: 'inherit' });
}
