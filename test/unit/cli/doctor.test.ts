import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog, metricsServer, sampleImage } from '../../../lessons/catalog.js';
import { renderDoctor, runDoctor } from '../../../src/cli/commands/doctor.js';
import type { Deps } from '../../../src/cli/deps.js';
import type { LessonHeader } from '../../../src/course/lesson.js';
import { validateGlobal } from '../../../src/cli/options.js';
import { KubeconfigError } from '../../../src/errors.js';
import type { ContextInfo } from '../../../src/kube/guard.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { PlainUi } from '../../../src/ui/plain.js';
import { FakeKube } from '../fake-kube.js';

/** A PATH holding fake kubectl/docker/kind that answer like the real ones. */
function fakePath(kubectlVersion: string, tools = ['docker', 'kind']): string {
  const bin = mkdtempSync(join(tmpdir(), 'k8s-tutor-doctor-bin-'));
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script('kubectl', `echo '{"clientVersion":{"gitVersion":"${kubectlVersion}"}}'`);
  for (const tool of tools) script(tool, 'exit 0');
  return bin;
}

function cluster(options: { metrics?: boolean; storage?: boolean; ingress?: boolean; image?: boolean } = {}): KubeObject[] {
  const { metrics = true, storage = true, ingress = true, image = true } = options;
  return [
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-0', namespace: '' }, status: { images: image ? [{ names: ['docker.io/library/fastapi-k8s:1.0.0'] }] : [] } },
    ...(storage ? [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } }] : []),
    ...(ingress ? [{ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' } }] : []),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system' } },
    ...(metrics ? [{ apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io' }, status: { conditions: [{ type: 'Available', status: 'True' }] } }] : []),
  ] as KubeObject[];
}

const KIND: ContextInfo = { name: 'kind-dev', cluster: 'kind-dev', user: 'kind-dev', server: 'https://127.0.0.1:41000', flavor: 'kind' };

function deps(objects: KubeObject[] | Error, path: string, info = KIND, options: { lessons?: LessonHeader[]; denied?: string[] } = {}): { deps: Deps; out: () => string } {
  let text = '';
  const ui = new PlainUi({ write: (t: string) => (text += t) });
  const kube = objects instanceof Error ? undefined : new FakeKube(objects);
  if (kube) kube.canI = async (q) => !(options.denied ?? []).includes(`${q.verb} ${q.resource}${q.group ? `.${q.group}` : ''}`);
  const global = validateGlobal({});
  return {
    out: () => text,
    deps: {
      ui,
      store: undefined as never,
      lessons: options.lessons ?? catalog,
      loadLesson: undefined as never,
      sampleImage,
      metricsServer,
      global,
      signal: new AbortController().signal,
      configDir: tmpdir(),
      env: { PATH: path, KUBECONFIG: join(tmpdir(), 'none.yaml') },
      async connect() {
        if (!kube) throw objects;
        return { kube, cluster: info };
      },
    },
  };
}

describe('doctor: every item, each with a fix, and a verdict for the lessons', () => {
  it('a kind cluster with everything: exit 0, every item ok', async () => {
    const { deps: d, out } = deps(cluster(), fakePath('v1.33.2'));
    const result = await runDoctor({ namespace: 'k8s-tutor' }, d);
    expect(result.data.items.filter((i) => i.level !== 'ok'), JSON.stringify(result.data.items, null, 1)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.data.verdict).toBe('all');
    expect(result.data.items.map((i) => i.name)).toEqual(['Node.js', 'kubectl', 'kubeconfig', 'context', 'server', 'kubectl skew', 'namespace', 'permissions', 'cluster reads', 'metrics-server', 'storage', 'load balancer', 'ingress', 'dns', 'image tool', 'sample image']);
    renderDoctor(d.ui, result.data);
    expect(out()).toContain('✔ Every lesson can run here. Next: k8s-tutor start');
  });

  it('no metrics-server, no StorageClass, kubectl two minors behind: exit 1, and the lessons that adapt are listed', async () => {
    const { deps: d, out } = deps(cluster({ metrics: false, storage: false }), fakePath('v1.32.0'));
    const result = await runDoctor({ namespace: 'k8s-tutor' }, d);
    expect(result.exitCode).toBe(1);
    expect(result.data.verdict).toBe('some');
    expect(result.data.items.find((i) => i.name === 'kubectl skew')).toMatchObject({ level: 'warn', detail: expect.stringContaining('2 minor versions') });
    const metrics = catalog.filter((l) => l.requires.features.includes('metrics')).map((l) => l.number);
    const storage = catalog.filter((l) => l.requires.features.includes('storage')).map((l) => l.number);
    expect(metrics.slice(0, 2)).toEqual([9, 13]);
    expect(storage.slice(0, 1)).toEqual([12]);
    expect(result.data.lessons.map((l) => `${l.number} ${l.because.join('+')}`)).toEqual(
      [...metrics, ...storage].sort((a, b) => a - b).map((n) => `${n} ${metrics.includes(n) ? 'metrics-server' : 'storage'}`),
    );
    renderDoctor(d.ui, result.data);
    expect(out()).toMatch(/! metrics-server +not installed/);
    expect(out()).toMatch(/fix: kubectl apply -f https:\/\/github.com\/kubernetes-sigs\/metrics-server/);
    // kind (this cluster's flavor) needs the patch: its kubelets' certificates name no IP address.
    expect(result.data.items.find((i) => i.name === 'metrics-server')?.hint).toMatch(/--kubelet-insecure-tls.*IP addresses.*needs --kubelet-insecure-tls/);
    expect(out()).toMatch(/12\. persistent-storage: storage/);
  });

  it('the sample image missing and no docker to build it: the lessons that run the app (2-15) cannot run', async () => {
    const { deps: d } = deps(cluster({ image: false }), fakePath('v1.34.0', []));
    const result = await runDoctor({ namespace: 'k8s-tutor' }, d);
    expect(result.exitCode).toBe(1);
    expect(result.data.items.find((i) => i.name === 'image tool')).toMatchObject({ level: 'fail', detail: expect.stringContaining('docker, kind not on PATH') });
    const withImage = catalog.filter((l) => l.requires.image).map((l) => l.number);
    expect(withImage.slice(0, 14)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(result.data.lessons.map((l) => l.number)).toEqual(withImage);
  });

  it('no kubeconfig: exit 2, the cluster items are shown as not checked, and the fix is how to get a cluster', async () => {
    const { deps: d, out } = deps(new KubeconfigError('no kubeconfig found (~/.kube/config does not exist and KUBECONFIG is not set)', 'Get a local cluster first: …'), fakePath('v1.34.0'));
    const result = await runDoctor({ namespace: 'k8s-tutor' }, d);
    expect(result.exitCode).toBe(2);
    expect(result.data.verdict).toBe('none');
    expect(result.data.items.find((i) => i.name === 'kubeconfig')).toMatchObject({ level: 'fail', hint: 'Get a local cluster first: …' });
    expect(result.data.items.filter((i) => i.level === 'skipped').length).toBeGreaterThan(5);
    renderDoctor(d.ui, result.data);
    expect(out()).toMatch(/✘ kubeconfig +no kubeconfig found/);
    expect(out()).toContain('No lesson can run until');
  });

  it('a context the guard refuses: exit 2', async () => {
    const { deps: d } = deps(cluster(), fakePath('v1.34.0'), { ...KIND, name: 'prod', flavor: 'generic', server: 'https://203.0.113.5:6443' });
    const result = await runDoctor({ namespace: 'k8s-tutor' }, d);
    expect(result.data.items.find((i) => i.name === 'context')).toMatchObject({ level: 'fail', hint: expect.stringContaining('--allow-context prod') });
    expect(result.exitCode).toBe(2);
  });

  it('kubectl missing: a warning with where to get it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'k8s-tutor-empty-'));
    mkdirSync(join(empty, 'x'));
    const { deps: d } = deps(cluster(), empty);
    const result = await runDoctor({ namespace: 'k8s-tutor' }, d);
    expect(result.data.items.find((i) => i.name === 'kubectl')).toMatchObject({ level: 'warn', hint: expect.stringContaining('https://kubernetes.io/docs/tasks/tools/') });
    expect(result.exitCode).toBe(1);
  });

  it('reads the lessons from their outline rows: a lesson 16 that uses metrics and needs its own permission shows up with no change to doctor', async () => {
    const next = catalog.length + 1;
    const sixteen: LessonHeader = {
      id: 'operators', number: next, title: 'Operators', aliases: [], summary: 'x',
      requires: { must: ['create namespaces', 'list pods', 'create cronjobs.batch'], uses: ['get pods/log'], reads: ['list customresourcedefinitions.apiextensions.k8s.io'], features: ['metrics'], image: false, kubectl: true },
    };
    const { deps: d } = deps(cluster({ metrics: false }), fakePath('v1.34.0'), KIND, { lessons: [...catalog, sixteen], denied: ['create cronjobs.batch', 'list customresourcedefinitions.apiextensions.k8s.io'] });
    const result = await runDoctor({ namespace: 'k8s-tutor' }, d);
    expect(result.data.items.find((i) => i.name === 'permissions')).toMatchObject({ level: 'fail', detail: expect.stringContaining('create cronjobs.batch'), lessons: [next], blocks: [next] });
    expect(result.data.items.find((i) => i.name === 'cluster reads')).toMatchObject({ level: 'warn', lessons: [next] });
    expect(result.data.lessons.at(-1)).toEqual({ number: next, id: 'operators', because: ['permissions', 'cluster reads', 'metrics-server'] });
    expect(result.data.lessons.slice(0, -1).map((l) => `${l.number} ${l.because.join('+')}`)).toEqual(catalog.filter((l) => l.requires.features.includes('metrics')).map((l) => `${l.number} metrics-server`));
    expect(result.data.verdict).toBe('some');
  });

  it('a permission every lesson must have, denied: no lesson can run (exit 2); one only some lessons use: those are listed', async () => {
    const pods = await runDoctor({ namespace: 'k8s-tutor' }, deps(cluster(), fakePath('v1.34.0'), KIND, { denied: ['list pods'] }).deps);
    expect(pods.exitCode).toBe(2);
    expect(pods.data.verdict).toBe('none');
    const logs = await runDoctor({ namespace: 'k8s-tutor' }, deps(cluster(), fakePath('v1.34.0'), KIND, { denied: ['get pods/log'] }).deps);
    expect(logs.data.items.find((i) => i.name === 'permissions')).toMatchObject({ level: 'warn', blocks: [] });
    expect(logs.data.lessons.map((l) => l.number)).toEqual(catalog.filter((l) => l.requires.uses.includes('get pods/log')).map((l) => l.number));
    expect(logs.exitCode).toBe(1);
  });

  it('a cluster the tutor cannot copy images into, with the sample image there already: the image tool is not needed, said plainly', async () => {
    const { deps: d } = deps(cluster(), fakePath('v1.34.0'), { ...KIND, name: 'lab', flavor: 'generic', server: 'https://127.0.0.1:6443' });
    const result = await runDoctor({ namespace: 'k8s-tutor', allowContext: 'lab' }, d);
    expect(result.data.items.find((i) => i.name === 'image tool')).toEqual({ name: 'image tool', level: 'ok', detail: 'not needed: the sample image is in the cluster already' });
  });
});
