import { catalog } from '../../../lessons/catalog.js';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfig, repoRoot } from '../support/harness.js';

/**
 * Issue 7 item 9: the package as a learner gets it. `npm pack`, install the tarball into an empty
 * directory with a clean HOME (npm fetches the dependencies), then `npx k8s-tutor` under Node 24.
 */

const work = mkdtempSync(join(tmpdir(), 'k8s-tutor-pack-'));
const home = join(work, 'home');
const app = join(work, 'app');
// The repo's Node 24 (npm package `node`) first on PATH, as a learner's Node 24 would be.
const nodeBin = join(repoRoot, 'node_modules', '.bin');
const env = {
  HOME: home,
  PATH: `${nodeBin}${delimiter}${dirname(process.execPath)}${delimiter}/usr/local/bin${delimiter}/usr/bin${delimiter}/bin`,
  npm_config_cache: join(home, '.npm'),
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  NO_COLOR: '1',
  // The machine's own TLS trust settings (a corporate or sandbox CA), so that npm reaches the registry.
  ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|https?_proxy|HTTPS?_PROXY|no_proxy|NO_PROXY|npm_config_registry)$/.test(e[0]) && e[1] !== undefined)),
};
let tarball = '';
let files: string[] = [];

beforeAll(async () => {
  mkdirSync(home);
  mkdirSync(app);
  expect(existsSync(join(repoRoot, 'dist', 'main.js')), 'run `npm run build` first').toBe(true);
  const packed = await execa('npm', ['pack', '--json', '--pack-destination', work], { cwd: repoRoot, env, extendEnv: false });
  const [info] = JSON.parse(packed.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  tarball = join(work, info!.filename);
  files = info!.files.map((f) => f.path);
  console.log(`packaging: ${info!.filename} ${(statSync(tarball).size / 1024).toFixed(0)} KiB packed, ${(info!.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${files.length} files`);
  await execa('npm', ['init', '-y'], { cwd: app, env, extendEnv: false });
  await execa('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: app, env, extendEnv: false, timeout: 600_000 });
}, 700_000);

afterAll(async () => {
  await execa('rm', ['-rf', work]);
});

const npx = (args: string[], extra: Record<string, string> = {}) =>
  execa('npx', ['--no-install', 'k8s-tutor', ...args], { cwd: app, env: { ...env, ...extra }, extendEnv: false, reject: false, timeout: 60_000, stdin: 'ignore' });

describe('the package as a learner installs it', () => {
  it('holds only what runs: no tests, no bench, no build output of the sample app (source maps of dist/ ship, for --verbose)', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'bin/k8s-tutor.js', 'bin/kubectl-tutor.js', 'dist/main.js', 'manifests/k8s.yaml', 'manifests/rbac-minimum.yaml', 'sample-app/Dockerfile', 'sample-app/src/server.ts']));
    // The live view's page, read by its chunk at run time.
    expect(files).toEqual(expect.arrayContaining(['dist/view-page/index.html', 'dist/view-page/view.js', 'dist/view-page/view.css']));
    expect(files.filter((f) => /^(test|bench|scripts|\.ci)\/|\.test\.ts$|^(?!dist\/).*\.map$|^sample-app\/(dist|test|node_modules)\//.test(f))).toEqual([]);
    expect(statSync(tarball).size).toBeLessThan(2 * 1024 * 1024);
  });

  it('npx k8s-tutor --help runs under Node 24 from a clean HOME', async () => {
    const node = await execa('node', ['--version'], { env, extendEnv: false });
    expect(node.stdout).toMatch(/^v24\./);
    const run = await npx(['--help']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Learn Kubernetes on your own local cluster');
    for (const command of ['start', 'lesson', 'check', 'reset', 'list', 'hint', 'doctor']) expect(run.stdout).toContain(command);
  });

  it('npx k8s-tutor list shows every lesson of the catalog, with progress kept under the clean HOME', async () => {
    const run = await npx(['list', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as unknown[]).length).toBe(catalog.length);
    expect(readdirSync(home)).not.toContain('.kube');
  });

  it('npx k8s-tutor doctor talks to the local cluster, and names a missing kubeconfig plainly', async () => {
    const run = await npx(['doctor'], { KUBECONFIG: kubeconfig });
    // 0: every lesson runs; 1: some adapt (the local cluster has no LoadBalancer, say).
    expect([0, 1], run.stdout + run.stderr).toContain(run.exitCode);
    expect(run.stdout).toMatch(/✔ Node\.js +v24\./);
    expect(run.stdout).toMatch(/✔ server +https:\/\/127\.0\.0\.1:6443 answers, Kubernetes v1\.34/);
    const none = await npx(['doctor']);
    expect(none.exitCode).toBe(2);
    expect(none.stdout).toMatch(/✘ kubeconfig +no kubeconfig found/);
  });
});
