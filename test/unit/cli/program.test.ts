import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { asName, invokedAs } from '../../../src/cli/rename.js';
import { ClusterError } from '../../../src/errors.js';
import { PlainUi } from '../../../src/ui/plain.js';
import { COMMANDS } from '../../../src/cli/table.js';
import { localClusterWays, noClusterHint } from '../../../src/kube/no-cluster.js';
import { runCli } from '../../../src/main.js';
import { capture } from './capture.js';

const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const env = (): NodeJS.ProcessEnv => ({ HOME: mkdtempSync(join(tmpdir(), 'k8s-tutor-prog-')), K8S_TUTOR_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'k8s-tutor-prog-cfg-')), NO_COLOR: '1', PATH: process.env.PATH });

describe('the program: help, version, and how it names itself', () => {
  it('bare k8s-tutor prints the help and where to start, on stderr, and exits 1 as commander does for a missing command', async () => {
    const run = await capture([], env());
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Usage: k8s-tutor [options] [command]');
    expect(run.stderr).toContain('Start here: `k8s-tutor doctor` checks your setup, then `k8s-tutor start` opens the lessons.');
    for (const spec of COMMANDS) expect(run.stderr).toContain(spec.name.split(' ')[0]!);
  });

  it('`help bogus` and `dev` alone print help too (exit 1); --help exits 0 on stdout', async () => {
    expect((await capture(['help', 'bogus'], env())).stderr).toContain('Usage: k8s-tutor');
    const dev = await capture(['dev'], env());
    expect(dev.exitCode).toBe(1);
    expect(dev.stderr).toContain('Usage: k8s-tutor dev');
    const help = await capture(['--help'], env());
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Start here');
  });

  it('--version and version', async () => {
    const flag = await capture(['--version'], env());
    expect([flag.exitCode, flag.stdout.trim()]).toEqual([0, version]);
    const command = await capture(['version'], env());
    expect(command.exitCode).toBe(0);
    expect(command.stdout.trim()).toBe(`k8s-tutor ${version} (Node.js ${process.version})`);
    const json = await capture(['version', '--json'], env());
    expect(JSON.parse(json.stdout)).toEqual({ version, node: process.version });
  });

  it("keeps commander's 'Did you mean' in the hint", async () => {
    const command = await capture(['lesons'], env());
    expect(command.exitCode).toBe(2);
    expect(command.stderr).toBe("k8s-tutor: unknown command 'lesons'\n  hint: Did you mean lesson? See `k8s-tutor --help`.\n");
    const option = await capture(['list', '--yess'], env());
    expect(option.stderr).toBe("k8s-tutor: unknown option '--yess'\n  hint: Did you mean --yes? See `k8s-tutor --help`.\n");
  });

  it('as the kubectl plugin, it calls itself `kubectl tutor` in help and hints, not in namespaces or folders', async () => {
    expect(invokedAs(['node', '/usr/local/bin/kubectl-tutor'])).toBe('kubectl tutor');
    expect(invokedAs(['node', '/x/node_modules/k8s-tutor/bin/kubectl-tutor.js'])).toBe('kubectl tutor');
    expect(invokedAs(['node', '/x/bin/k8s-tutor.js'])).toBe('k8s-tutor');
    expect(asName('Run `k8s-tutor check scaling` in namespace k8s-tutor (~/k8s-tutor); see k8s-tutor --help', 'kubectl tutor')).toBe('Run `kubectl tutor check scaling` in namespace k8s-tutor (~/k8s-tutor); see kubectl tutor --help');
    let stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((t: string) => ((stderr += t), true)) as typeof process.stderr.write;
    try {
      expect(await runCli(['node', 'kubectl-tutor', 'lesson', 'scalling', '--yes'], { signal: new AbortController().signal, env: env(), name: 'kubectl tutor' })).toBe(2);
      expect(await runCli(['node', 'kubectl-tutor'], { signal: new AbortController().signal, env: env(), name: 'kubectl tutor' })).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr).toContain('`kubectl tutor list` shows all lessons.');
    expect(stderr).toContain('Usage: kubectl tutor [options] [command]');
    expect(stderr).toContain('Start here: `kubectl tutor doctor`');
  });
});

describe('no-cluster advice', () => {
  it('outside a clone: the local clusters of the OS, each with its start command, then doctor; no npm script', () => {
    const mac = noClusterHint({ platform: 'darwin', clone: false });
    for (const way of ['Docker Desktop', 'OrbStack: `orb start k8s`', 'Rancher Desktop: `rdctl start`', 'kind: `kind create cluster`', 'minikube: `minikube start`', 'k3d: `k3d cluster create`']) expect(mac).toContain(way);
    expect(mac).toMatch(/Then run `k8s-tutor doctor`\.$/);
    expect(mac).not.toContain('npm run');
    expect(localClusterWays('linux')).not.toContain('OrbStack');
    expect(localClusterWays('win32')).toContain('Docker Desktop');
  });

  it('in a clone of the repository, its own cluster script comes first', () => {
    expect(noClusterHint({ platform: 'linux', clone: true })).toContain('`npm run cluster:up`');
  });

  it('no kubeconfig at all: exit 2 and the advice, in one line and a hint', async () => {
    const run = await capture(['check', '3'], env());
    expect(run.exitCode).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^k8s-tutor: no kubeconfig found/);
    expect(lines[1]).toMatch(/hint: Get a local cluster first: .*kind create cluster.*Then run `k8s-tutor doctor`\./);
  });
});

describe('the cluster first, then the questions', () => {
  /** A kubeconfig for a local cluster that is down (a closed port). */
  function downCluster(): NodeJS.ProcessEnv {
    const base = env();
    const file = join(base.HOME!, 'down.yaml');
    writeFileSync(file, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: kind-dev, context: {cluster: c, user: u}}]
current-context: kind-dev
`);
    return { ...base, KUBECONFIG: file };
  }

  /** Runs the program with a UI that has a person behind it but no scripted answer: any question fails the test. */
  async function withPerson(argv: string[], runEnv: NodeJS.ProcessEnv): Promise<{ error: unknown; asked: string }> {
    let asked = '';
    const result = { exitCode: 0 };
    const program = buildProgram({ signal: new AbortController().signal, env: runEnv, makeUi: async () => new PlainUi({ write: (t: string) => ((asked += t), true) }, undefined, []) }, result);
    try {
      await program.parseAsync(['node', 'k8s-tutor', ...argv]);
      return { error: undefined, asked };
    } catch (error) {
      return { error, asked };
    }
  }

  it('start shows no menu and reset asks nothing when the cluster does not answer', async () => {
    for (const argv of [['start'], ['reset']]) {
      const { error } = await withPerson(argv, downCluster());
      expect(error, argv.join(' ')).toBeInstanceOf(ClusterError);
      expect((error as Error).message).toBe('cannot reach https://127.0.0.1:1 (ECONNREFUSED)');
    }
  });

  it('hint exits 2 when the cluster does not answer, like every command', async () => {
    const run = await capture(['hint', '3'], downCluster());
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^k8s-tutor: cannot reach https:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)\n {2}hint: Is your cluster running\? Start it: /);
  });
});
