import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfig, repoRoot } from '../support/harness.js';

/**
 * Issue 12, as a new learner meets the tutor: the packed tarball installed into a fresh prefix under
 * Node 22 (the `node@22` npm package), HOME and the working folder empty temporary folders. Lessons 3
 * and 6 run in a real terminal (tmux); each try-it step is done by pasting, through a shell started in
 * that empty folder, the exact commands the tutor printed. Then the same install with no cluster at all.
 */

const work = mkdtempSync(join(tmpdir(), 'k8s-tutor-npm-'));
const home = join(work, 'home');
const cwd = join(work, 'cwd');
const prefix = join(work, 'prefix');
const namespace = 'e2e-npm-install';
const socket = `k8s-tutor-npm-${process.pid}`;
let node22 = '';
let tarball = '';

/** The machine's own TLS trust and proxy settings, so that npm reaches the registry. */
const passthrough = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|https?_proxy|HTTPS?_PROXY|no_proxy|NO_PROXY|npm_config_registry)$/.test(e[0]) && e[1] !== undefined));
const systemPath = ['/usr/local/bin', '/usr/bin', '/bin'];
const npmEnv = () => ({ HOME: home, PATH: [node22, ...systemPath].join(delimiter), npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...passthrough });
/** The learner's shell: the installed bin and Node 22 on PATH, the cluster's kubectl, nothing of the repo. */
const learnerEnv = (withCluster = true): Record<string, string> => ({
  HOME: home,
  PATH: [join(prefix, 'bin'), node22, ...(process.env.K8S_TUTOR_BIN ? [process.env.K8S_TUTOR_BIN] : []), ...systemPath].join(delimiter),
  NO_COLOR: '1',
  ...(withCluster ? { KUBECONFIG: kubeconfig } : {}),
});

/** A command pasted into the learner's shell, run from the empty folder. */
const paste = (command: string, env = learnerEnv()) => execa('sh', ['-c', command], { cwd, env, extendEnv: false, reject: false, timeout: 120_000, stdin: 'ignore' });
const tutor = (args: string[], env = learnerEnv()) => execa(join(prefix, 'bin', 'k8s-tutor'), args, { cwd, env, extendEnv: false, reject: false, timeout: 60_000, stdin: 'ignore' });

beforeAll(async () => {
  for (const dir of [home, cwd, prefix]) mkdirSync(dir, { recursive: true });
  expect(existsSync(join(repoRoot, 'dist', 'main.js')), 'run `npm run build` first').toBe(true);
  const found = await execa('npx', ['-y', '-p', 'node@22', '--', 'sh', '-c', 'dirname "$(command -v node)"'], { cwd: work, env: { ...npmEnv(), PATH: process.env.PATH ?? '' }, extendEnv: false, timeout: 300_000 });
  node22 = found.stdout.trim().split('\n').at(-1)!;
  const packed = await execa('npm', ['pack', '--json', '--pack-destination', work], { cwd: repoRoot, env: npmEnv(), extendEnv: false });
  tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  const installed = await execa('npm', ['install', '-g', '--prefix', prefix, tarball], { cwd: work, env: npmEnv(), extendEnv: false, timeout: 300_000, all: true });
  expect(installed.all, 'npm install prints no EBADENGINE warning').not.toContain('EBADENGINE');
  writeFileSync(join(work, 'npm-install.log'), String(installed.all));
}, 700_000);

afterAll(async () => {
  await execa('tmux', ['-L', socket, 'kill-server'], { reject: false });
  await execa('kubectl', ['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found'], { env: learnerEnv(), reject: false });
  await execa('rm', ['-rf', work]);
});

// ---------------------------------------------------------------- a terminal, through tmux
const tmux = (args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
const screen = async (): Promise<string> => String((await tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', 'learner'])).stdout);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the installed tutor in a terminal 200 columns wide; the pane stays after it exits, with its exit code. */
async function startInTerminal(args: string[]): Promise<void> {
  await tmux(['kill-server']);
  const conf = join(work, 'tmux.conf');
  writeFileSync(conf, 'set -g history-limit 100000\n');
  const env = Object.entries({ ...learnerEnv(), TERM: 'xterm-256color' }).map(([k, v]) => `${k}='${v}'`).join(' ');
  const command = `env -i ${env} k8s-tutor ${args.join(' ')}; echo "[tutor exited $?]"; sleep 3600`;
  const started = await execa('tmux', ['-L', socket, '-f', conf, 'new-session', '-d', '-s', 'learner', '-x', '200', '-y', '50', '-c', cwd, command], { reject: false });
  expect(started.exitCode, started.stderr).toBe(0);
}

interface Transcript {
  exitCode: number;
  text: string;
  pasted: string[];
}

const MUTATING = /^kubectl (apply|delete|scale|create|patch|set|rollout|label|annotate|edit)\b/;

/**
 * Drives a lesson the way a learner does: answers the tutor's yes/no questions with their default,
 * and at each try-it step asks for the hints and pastes the commands they print (a placeholder such
 * as `POD_NAME` is filled from the output of the command pasted just before it).
 */
async function driveLesson(timeoutMs: number): Promise<Transcript> {
  const deadline = Date.now() + timeoutMs;
  const pasted: string[] = [];
  let triesDone = 0;
  let text = '';
  while (Date.now() < deadline) {
    await sleep(700);
    text = await screen();
    const exited = /\[tutor exited (\d+)\]/.exec(text);
    if (exited) return { exitCode: Number(exited[1]), text, pasted };
    const bottom = text.trimEnd().split('\n').slice(-6).join('\n');
    if (/\(Y\/n\)\s*$/m.test(bottom)) {
      await tmux(['send-keys', '-t', 'learner', 'Enter']);
      await sleep(1_000);
      continue;
    }
    const tries = text.split('Your turn.').length - 1;
    if (tries > triesDone && /Show a hint/.test(bottom)) {
      triesDone = tries;
      pasted.push(...(await doTryIt()));
    }
  }
  throw new Error(`the lesson did not finish in ${timeoutMs / 1000} s; the screen shows:\n${text.slice(-4000)}`);
}

/**
 * The placeholder a hint leaves for the learner to fill: `<…>`, or an UPPER_CASE word that the hint's
 * own `# WORD: …` comment explains (the tutor's way, since bash reads `<…>` as a redirect).
 */
const placeholderOf = (hint: string): string | undefined => /<[^>]+>/.exec(hint)?.[0] ?? /#\s*([A-Z][A-Z_]*):/.exec(hint)?.[1];

/** Shows every hint of the current try-it step, then pastes what they say. */
async function doTryIt(): Promise<string[]> {
  const start = (await screen()).lastIndexOf('Your turn.');
  for (let i = 0; i < 5; i++) {
    const now = await screen();
    const prompt = now.slice(now.lastIndexOf('Watching the cluster for your change'));
    if (/no more hints/.test(prompt) || /Noticed:/.test(now.slice(start))) break;
    await tmux(['send-keys', '-t', 'learner', 'Enter']);
    await sleep(800);
  }
  const section = (await screen()).slice(start);
  const hints = [...section.matchAll(/^\s*hint: (kubectl .*?)\s*$/gm)].map((m) => m[1]!);
  expect(hints.length, section).toBeGreaterThan(0);
  const done: string[] = [];
  let lastOutput = '';
  const concrete = hints.filter((h) => !placeholderOf(h));
  for (const command of concrete) {
    const run = await paste(command);
    expect(run.exitCode, `${command}\n${run.stdout}\n${run.stderr}`).toBe(0);
    lastOutput = String(run.stdout);
    done.push(command);
  }
  if (!concrete.some((c) => MUTATING.test(c))) {
    const template = hints.find((h) => placeholderOf(h) && MUTATING.test(h));
    expect(template, `no command to paste among the hints:\n${hints.join('\n')}`).toBeDefined();
    // The learner fills the placeholder from what the command before printed: the first name in its NAME column.
    const name = lastOutput.split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]).find(Boolean);
    expect(name, lastOutput).toBeTruthy();
    const command = template!.replaceAll(placeholderOf(template!)!, name!);
    const run = await paste(command);
    expect(run.exitCode, `${command}\n${run.stdout}\n${run.stderr}`).toBe(0);
    done.push(command);
  }
  return done;
}

describe('the packed tarball, installed under Node 22 into a fresh prefix', () => {
  it('is one package of at most 5 MB, and runs under Node 22', async () => {
    const modules = join(prefix, 'lib', 'node_modules');
    expect(readdirSync(modules)).toEqual(['k8s-tutor']);
    expect(existsSync(join(modules, 'k8s-tutor', 'node_modules'))).toBe(false);
    const du = await execa('du', ['-sk', modules]);
    expect(Number(du.stdout.split(/\s/)[0]) * 1024).toBeLessThanOrEqual(5e6);
    expect((await paste('node --version')).stdout).toMatch(/^v22\./);
  });

  it('`k8s-tutor` alone prints the help and where to start (exit 1); --version; doctor --json', async () => {
    const bare = await tutor([]);
    expect(bare.exitCode).toBe(1);
    expect(bare.stderr).toContain('Usage: k8s-tutor [options] [command]');
    expect(bare.stderr).toContain('Start here: `k8s-tutor doctor`');
    const version = await tutor(['--version']);
    expect([version.exitCode, version.stdout.trim()]).toEqual([0, '0.1.0']);
    const doctor = await tutor(['doctor', '--json', '-n', namespace]);
    const report = JSON.parse(doctor.stdout) as { verdict: string; items: { name: string; level: string }[] };
    expect([0, 1], doctor.stderr).toContain(doctor.exitCode);
    expect(report.verdict).toBe(doctor.exitCode === 0 ? 'all' : 'some');
    expect(report.items.find((i) => i.name === 'server')?.level).toBe('ok');
  });

  it('lesson 3 in a terminal: the try-it done by pasting the printed kubectl from an empty folder; the final check passes', async () => {
    await startInTerminal(['lesson', '3', '-n', namespace]);
    const run = await driveLesson(400_000);
    expect(run.text).toContain(`Your copy of the course files: ${join(home, 'k8s-tutor')} (manifests/, sample-app/)`);
    expect(run.pasted).toContain(`kubectl apply -f ${join(home, 'k8s-tutor', 'manifests', 'k8s.yaml')} -n ${namespace}`);
    expect(run.text).toMatch(/Lesson check[\s\S]*Your First Deployment: done\./);
    expect(run.exitCode, run.text.slice(-3000)).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
  }, 500_000);

  it('lesson 6 in a terminal: the pod deleted and the probes applied by pasting what the tutor printed; the final check passes', async () => {
    await startInTerminal(['lesson', '6', '-n', namespace]);
    const run = await driveLesson(500_000);
    expect(run.pasted.some((c) => /^kubectl delete pod fastapi-k8s-\S+ -n /.test(c)), run.pasted.join('\n')).toBe(true);
    expect(run.pasted).toContain(`kubectl apply -f ${join(home, 'k8s-tutor', 'manifests', 'deployment-probes.yaml')} -n ${namespace}`);
    expect(run.text).not.toContain('Your copy of the course files');
    expect(run.text).toMatch(/Lesson check[\s\S]*Self-Healing: done\./);
    expect(run.exitCode, run.text.slice(-3000)).toBe(0);
    const check = await tutor(['check', '6', '--json', '-n', namespace]);
    expect((JSON.parse(check.stdout) as { passed: boolean }).passed, check.stdout).toBe(true);
  }, 600_000);

  it('with no cluster at all: start, lesson 3 --yes, check and reset --yes say how to get one, exit 2, within 5 s each', async () => {
    const noCluster = learnerEnv(false);
    const runs: [string, () => Promise<{ exitCode?: number; stdout: unknown; stderr: unknown }>][] = [
      // start needs a terminal: `script` gives it one, so that it gets as far as the cluster check.
      ['start', () => execa('script', ['-qec', `${join(prefix, 'bin', 'k8s-tutor')} start`, '/dev/null'], { cwd, env: { ...noCluster, TERM: 'xterm' }, extendEnv: false, reject: false, timeout: 20_000, stdin: 'ignore' })],
      ['lesson 3 --yes', () => tutor(['lesson', '3', '--yes'], noCluster)],
      ['check', () => tutor(['check'], noCluster)],
      ['reset --yes', () => tutor(['reset', '--yes'], noCluster)],
    ];
    for (const [name, run] of runs) {
      const started = Date.now();
      const result = await run();
      const took = Date.now() - started;
      const said = `${String(result.stdout)}\n${String(result.stderr)}`;
      expect(result.exitCode, `${name}: ${said}`).toBe(2);
      expect(took, name).toBeLessThan(5_000);
      expect(said, name).toMatch(/no kubeconfig found/);
      for (const way of ['kind create cluster', 'minikube start', 'k3d cluster create', 'Docker Desktop', 'Rancher Desktop']) expect(said, name).toContain(way);
      expect(said, name).toContain('Then run `k8s-tutor doctor`.');
      expect(said, name).not.toContain('npm run cluster:up');
      expect(said, name).not.toMatch(/Pick a lesson|Delete everything/);
    }
  });
});
