// Bundles the CLI with esbuild, split so that commands that never talk to the cluster
// do not load @kubernetes/client-node; then compiles the sample app with tsc.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
if (existsSync('sample-app/tsconfig.json')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'sample-app/tsconfig.json'], { stdio: 'inherit' });
}
