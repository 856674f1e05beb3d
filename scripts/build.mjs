// Bundles the CLI with esbuild, split so that commands that never talk to the cluster
// do not load @kubernetes/client-node; then compiles the sample app with tsc.
// Dependencies are bundled and minified too: resolving and compiling hundreds of files from
// node_modules cost `check` about 0.6 s of start-up (README, Performance).
// CommonJS dependencies (commander, yaml, undici) call require() for Node built-ins, which an ES
// module lacks, hence the createRequire banner in every chunk.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

// `import … from 'node:http'` in an ES module makes Node build an ES facade of the built-in, which reads
// every export, lazy ones included: node:http's facade loads Node's internal undici (about 20 ms).
// require() hands back the module without the facade, so built-ins are bound through the banner's require.
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(b) {
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!builtins.has(args.path)) return undefined;
      if (args.namespace === 'builtin') return { path: args.path, external: true };
      return { path: args.path, namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

const leanUndici = {
  name: 'lean-undici',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: fileURLToPath(new URL('./undici-lean.cjs', import.meta.url)) }));
  },
};

// @kubernetes/client-node declares no "sideEffects", so esbuild keeps every generated API class and model
// (0.4 MB) although the tutor uses only KubeConfig and Watch. Its modules only declare
// things, except the File polyfill for undici, so unused ones may go.
const clientNode = /@kubernetes[\\/]client-node[\\/]dist[\\/]/;
const clientNodeTreeShaking = {
  name: 'client-node-tree-shaking',
  setup(b) {
    b.onResolve({ filter: /^@kubernetes\/client-node$|^\.\.?\// }, async (args) => {
      if (args.pluginData?.again || (args.path.startsWith('.') && !clientNode.test(args.importer))) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { again: true } });
      if (resolved.errors.length > 0 || !clientNode.test(resolved.path) || resolved.path.endsWith('polyfill.js')) return undefined;
      return { path: resolved.path, sideEffects: false };
    });
  },
};

// The sources load a few packages on first use with createRequire(import.meta.url)('yaml'), so that
// start-up does not pay for them. esbuild cannot see through createRequire, so the installed tutor
// would need node_modules at run time; as plain require() calls (the banner defines require) esbuild
// bundles them and still evaluates them only where they are called. The package then has no runtime
// dependencies at all.
const lazyRequire = /createRequire\(import\.meta\.url\)\((['"])([^'"]+)\1\)/g;
const bundleLazyRequires = {
  name: 'bundle-lazy-requires',
  setup(b) {
    b.onLoad({ filter: /[\\/](src|lessons)[\\/].*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!lazyRequire.test(text)) return undefined;
      lazyRequire.lastIndex = 0;
      return { contents: text.replace(lazyRequire, (_m, q, name) => `require(${q}${name}${q})`), loader: 'ts' };
    });
  },
};

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
  banner: { js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);" },
  // Maps ship so that --verbose stack traces name the TypeScript files and lines (bin/ turns them on
  // for --verbose only); without the sources' text inside, they stay small.
  sourcemap: 'linked',
  sourcesContent: false,
  plugins: [builtinsThroughRequire, leanUndici, clientNodeTreeShaking, bundleLazyRequires],
  logLevel: 'warning',
});
// The live view's page (plain HTML, CSS and JS), read by the view's chunk at run time (src/cli/view/open.ts).
cpSync('src/cli/view/page', `${next}/view-page`, { recursive: true });
if (existsSync('dist')) renameSync('dist', old);
renameSync(next, 'dist');
rmSync(old, { recursive: true, force: true });

if (existsSync('sample-app/tsconfig.json')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'sample-app/tsconfig.json'], { stdio: 'inherit' });
}
