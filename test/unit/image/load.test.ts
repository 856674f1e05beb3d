import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TutorError } from '../../../src/errors.js';
import { ImageLoadError } from '../../../src/image/errors.js';
import { findTutorRoot, loadSampleImageForCluster } from '../../../src/image/for-cluster.js';
import { execaRunner, loadSampleImage, type RunResult, type Runner } from '../../../src/image/load.js';

const opts = { appDir: '/tutor/sample-app', image: 'fastapi-k8s:1.0.0', repoRoot: '/tutor' };

/** A fake runner: records calls; answers from a table keyed by the program name. */
function fake(answers: Record<string, Partial<RunResult> | 'ENOENT'> = {}) {
  const calls: string[] = [];
  const run: Runner = async (file, args) => {
    calls.push([file, ...args].join(' '));
    const a = answers[file];
    if (a === 'ENOENT') throw Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });
    return { exitCode: 0, stdout: '', stderr: '', ...a };
  };
  return { run, calls };
}

async function failure(p: Promise<unknown>): Promise<ImageLoadError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ImageLoadError);
    return err as ImageLoadError;
  }
  throw new Error('expected an ImageLoadError');
}

describe('loadSampleImage', () => {
  it('runs every step of the plan in order and reports them', async () => {
    const f = fake();
    const seen: string[] = [];
    const result = await loadSampleImage('kind', { ...opts, clusterName: 'dev', onStep: (s, i, n) => seen.push(`${i + 1}/${n} ${s.file}`) }, f.run);
    expect(f.calls).toEqual(['docker build -t fastapi-k8s:1.0.0 -t fastapi-k8s:latest /tutor/sample-app', 'kind load docker-image fastapi-k8s:1.0.0 fastapi-k8s:latest --name dev']);
    expect(seen).toEqual(['1/2 docker', '2/2 kind']);
    expect(result.ran.map((r) => r.command)).toEqual(f.calls);
  });

  it('turns a missing docker (ENOENT) into a one-line ImageLoadError with what to install', async () => {
    const f = fake({ docker: 'ENOENT' });
    const err = await failure(loadSampleImage('docker-desktop', opts, f.run));
    expect(err).toBeInstanceOf(TutorError); // so the CLI prints it and exits 2, no stack trace
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('docker was not found: it is needed to get the sample image into the docker-desktop cluster.');
    expect(err.message).not.toContain('\n');
    expect(err.hint).toMatch(/Install Docker/);
    expect(err.hint).toContain('https://docs.docker.com/get-docker/');
    expect((err.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(f.calls).toHaveLength(1); // nothing ran after the failure
  });

  it('names the right tool to install for each flavor', async () => {
    const cases: [Parameters<typeof loadSampleImage>[0], string, RegExp][] = [
      ['kind', 'kind', /kind\.sigs\.k8s\.io/],
      ['minikube', 'minikube', /minikube\.sigs\.k8s\.io/],
      ['k3d', 'k3d', /k3d\.io/],
      ['microk8s', 'microk8s', /microk8s\.io/],
      ['k8s-tutor-local', 'bash', /bash/],
    ];
    for (const [flavor, missing, hint] of cases) {
      const err = await failure(loadSampleImage(flavor, opts, fake({ [missing]: 'ENOENT' }).run));
      expect(err.message, flavor).toMatch(new RegExp(`^${missing} was not found`));
      expect(err.hint, flavor).toMatch(hint);
    }
  });

  it('adds a flavor tip when docker is missing on Rancher Desktop (containerd engine)', async () => {
    const err = await failure(loadSampleImage('rancher-desktop', opts, fake({ docker: 'ENOENT' }).run));
    expect(err.hint).toMatch(/nerdctl --namespace k8s\.io build/);
  });

  it('a failing step: exit code and the last stderr line in the message, a hint, and a stop', async () => {
    const f = fake({ docker: { exitCode: 1, stderr: 'step 1\nCannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' } });
    const err = await failure(loadSampleImage('kind', opts, f.run));
    expect(err.message).toBe(
      '`docker build -t fastapi-k8s:1.0.0 -t fastapi-k8s:latest /tutor/sample-app` failed with exit code 1: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
    expect(err.hint).toMatch(/Start Docker/);
    expect(f.calls).toHaveLength(1);
  });

  it('explains a kind cluster that does not exist', async () => {
    const err = await failure(loadSampleImage('kind', { ...opts, clusterName: 'nope' }, fake({ kind: { exitCode: 1, stderr: 'ERROR: no nodes found for cluster "nope"' } }).run));
    expect(err.hint).toMatch(/kind has no cluster named "nope"/);
  });

  it('removes the temporary archive of the microk8s plan, even after a failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'image-test-'));
    try {
      const tar = join(dir, 'fastapi-k8s_1.0.0.tar');
      const run: Runner = async (file, args) => {
        if (file === 'docker' && args[0] === 'save') writeFileSync(tar, 'archive');
        if (file === 'microk8s') {
          expect(existsSync(tar)).toBe(true);
          return { exitCode: 1, stdout: '', stderr: 'insufficient permissions to access MicroK8s' };
        }
        return { exitCode: 0, stdout: '', stderr: '' };
      };
      const err = await failure(loadSampleImage('microk8s', { ...opts, tmpDir: dir }, run));
      expect(err.hint).toMatch(/microk8s group/);
      expect(existsSync(tar)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a generic cluster with the plan\'s hint, running nothing', async () => {
    const f = fake();
    const err = await failure(loadSampleImage('generic', opts, f.run));
    expect(err.message).toMatch(/^Cannot load the sample image into a generic cluster/);
    expect(err.hint).toMatch(/registry/);
    expect(f.calls).toEqual([]);
  });
});

describe('execaRunner (the default runner)', () => {
  it('reports a missing program as an ENOENT error', async () => {
    await expect(execaRunner('k8s-tutor-no-such-program-xyz', [])).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('returns exit code and output without throwing on failure', async () => {
    const r = await execaRunner(process.execPath, ['-e', 'console.log("out"); console.error("err"); process.exit(3)']);
    expect(r).toEqual({ exitCode: 3, stdout: 'out', stderr: 'err' });
  });

  it('end to end: a missing binary becomes an ImageLoadError', async () => {
    const err = await failure(loadSampleImage('docker-desktop', opts, (file, args) => execaRunner(`${file}-missing-xyz`, args)));
    expect(err.message).toMatch(/^docker was not found/);
  });
});

describe('loadSampleImageForCluster', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('finds sample-app next to the tutor and uses the context to name the cluster', async () => {
    const root = findTutorRoot();
    expect(root && existsSync(join(root, 'sample-app', 'Dockerfile'))).toBe(true);
    const f = fake();
    const lines: string[] = [];
    await loadSampleImageForCluster({ name: 'k3d-demo', flavor: 'k3d' }, 'fastapi-k8s:1.0.0', (l) => lines.push(l), f.run, root);
    expect(f.calls).toEqual([`docker build -t fastapi-k8s:1.0.0 -t fastapi-k8s:latest ${join(root!, 'sample-app')}`, 'k3d image import fastapi-k8s:1.0.0 fastapi-k8s:latest -c demo']);
    expect(lines[0]).toMatch(/^\[1\/2\] .*\n\$ docker build/);
    expect(lines.at(-1)).toBe('fastapi-k8s:1.0.0 (also tagged fastapi-k8s:latest) is now in the k3d cluster "k3d-demo".');
  });

  it('has no local-cluster script outside a checkout: unsupported', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tutor-install-'));
    dirs.push(root);
    mkdirSync(join(root, 'sample-app'));
    writeFileSync(join(root, 'sample-app', 'Dockerfile'), 'FROM scratch\n');
    expect(findTutorRoot(join(root, 'dist'))).toBe(root);
    const err = await failure(loadSampleImageForCluster({ name: 'k8s-tutor-local', flavor: 'k8s-tutor-local' }, 'fastapi-k8s:1.0.0', undefined, fake().run, root));
    expect(err.message).toMatch(/repository root is unknown/);
  });

  it('says so when sample-app cannot be found', async () => {
    const err = await failure(loadSampleImageForCluster({ name: 'kind-x', flavor: 'kind' }, 'fastapi-k8s:1.0.0', undefined, fake().run, ''));
    expect(err.message).toMatch(/sample-app\/Dockerfile\) was not found/);
  });
});
