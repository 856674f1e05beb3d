import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';

const ws = workspace('intro');
afterAll(() => cleanup(ws));

describe('lesson 1: what-is-kubernetes', () => {
  it('fails its check before the namespace exists, naming the fix', async () => {
    const { exitCode, report } = await checkJson(ws, 'what-is-kubernetes');
    expect(exitCode).toBe(1);
    const ns = report.checks.find((c) => c.name === 'the tutor namespace exists')!;
    expect(ns).toMatchObject({ passed: false, message: `namespace ${ws.namespace} does not exist`, fix: `kubectl create namespace ${ws.namespace}` });
    expect(report.checks.find((c) => c.name === 'at least one node is Ready')?.passed).toBe(true);
  });

  it('the learner\'s own kubectl makes the check pass', async () => {
    expect((await ws.kubectl(['create', 'namespace', ws.namespace])).exitCode).toBe(0);
    const { exitCode, report } = await checkJson(ws, '1');
    expect(report.passed).toBe(true);
    expect(exitCode).toBe(0);
    await ws.kubectl(['delete', 'namespace', ws.namespace, '--wait=true']);
  });

  it('doctor reports the local cluster and its features', async () => {
    const run = await ws.tutor(['doctor', '--json']);
    expect(run.exitCode).toBe(0);
    const items = JSON.parse(run.stdout) as { name: string; level: string; detail: string }[];
    const byName = Object.fromEntries(items.map((i) => [i.name, i]));
    expect(byName.server).toMatchObject({ level: 'ok' });
    expect(byName.server!.detail).toMatch(/Kubernetes v1\.34/);
    expect(byName['cluster flavor']!.detail).toMatch(/^k8s-tutor-local/);
    expect(byName.permissions).toMatchObject({ level: 'ok' });
    expect(byName['metrics-server']).toMatchObject({ level: 'ok' });
    expect(byName.storage).toMatchObject({ level: 'ok' });
    expect(byName['sample image']).toMatchObject({ level: 'ok' });
  });

  it('runs unattended with --yes, shows the real cluster, and passes its check', async () => {
    const run = await ws.tutor(['lesson', 'what-is-kubernetes', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Kubernetes v1\.\d+\.\d+/);
    expect(run.stdout).toContain('node k8s-tutor-node: Ready');
    expect(run.stdout).toContain(`$ kubectl create namespace ${ws.namespace}`);
    const { report } = await checkJson(ws, 'what-is-kubernetes');
    expect(report.passed).toBe(true);
    const labels = await ws.kubectl(['get', 'namespace', ws.namespace, '-o', 'jsonpath={.metadata.labels.app\\.kubernetes\\.io/managed-by}']);
    expect(labels.stdout).toBe('k8s-tutor');
  });
});
