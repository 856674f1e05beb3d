import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { kubectlOk, shellOk } from '../support/lessons.js';

const ws = workspace('intro');
afterAll(() => cleanup(ws));

const LABEL_CHECK = 'you counted your nodes and labelled the namespace with the number';

async function nodeCount(): Promise<number> {
  return (await kubectlOk(ws, ['get', 'nodes', '--no-headers'])).trim().split('\n').filter(Boolean).length;
}

describe('lesson 1: what-is-kubernetes', () => {
  it('--skip-tries: the tutor makes the namespace, leaves the label to the learner, and check 1 names the missing step', async () => {
    const run = await ws.tutor(['lesson', '1', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('Left for you (--skip-tries)');
    const { exitCode, report } = await checkJson(ws, '1');
    expect(exitCode).toBe(1);
    const label = report.checks.find((c) => c.name === LABEL_CHECK)!;
    expect(label).toMatchObject({ passed: false, message: 'the namespace has no nodes= label yet: count your nodes with kubectl get nodes, then label the namespace with the number' });
    expect(label.fix).toBe(`kubectl label namespace ${ws.namespace} nodes=$(kubectl get nodes --no-headers | grep -c .) --overwrite`);
    expect(report.checks.find((c) => c.name === 'at least one node is Ready')?.passed).toBe(true);
  });

  it('the learner\'s own kubectl: the task\'s command pasted as printed, a wrong count and the header counted each say what is wrong; the right one passes', async () => {
    const count = await nodeCount();
    const labelMessage = async () => {
      const { exitCode, report } = await checkJson(ws, '1');
      expect(exitCode).toBe(1);
      return report.checks.find((c) => c.name === LABEL_CHECK)!.message;
    };
    const lookAgain = '(kubectl get nodes prints one line per node, under a NAME header line)';
    await shellOk(ws, `kubectl label namespace ${ws.namespace} nodes=NODE_COUNT --overwrite`);
    expect(await labelMessage()).toBe(`the label says nodes=NODE_COUNT: write the number of nodes in place of NODE_COUNT ${lookAgain}`);
    await kubectlOk(ws, ['label', 'namespace', ws.namespace, `nodes=${count + 1}`, '--overwrite']);
    expect(await labelMessage()).toBe(`the label says nodes=${count + 1}, but kubectl get nodes lists ${count} node${count === 1 ? '' : 's'}: its first line is the NAME header, not a node`);
    await kubectlOk(ws, ['label', 'namespace', ws.namespace, `nodes=${count + 2}`, '--overwrite']);
    expect(await labelMessage()).toBe(`the label says nodes=${count + 2}, but kubectl get nodes lists ${count} node${count === 1 ? '' : 's'}: look again ${lookAgain}`);

    await kubectlOk(ws, ['label', 'namespace', ws.namespace, `nodes=${count}`, '--overwrite']);
    const right = await checkJson(ws, '1');
    expect(right.report.passed, JSON.stringify(right.report.checks)).toBe(true);
    expect(right.exitCode).toBe(0);
  });

  it('doctor reports the local cluster and its features', async () => {
    const run = await ws.tutor(['doctor', '--json']);
    // 0 all well, 1 some warnings (this cluster has no LoadBalancer), 2 unusable.
    expect(run.exitCode, run.stdout + run.stderr).toBeLessThan(2);
    const parsed = JSON.parse(run.stdout) as { items: { name: string; level: string; detail: string }[] } | { name: string; level: string; detail: string }[];
    const items = Array.isArray(parsed) ? parsed : parsed.items;
    const byName = Object.fromEntries(items.map((i) => [i.name, i]));
    expect(byName.server).toMatchObject({ level: 'ok' });
    expect(byName.server!.detail).toMatch(/Kubernetes v1\.34/);
    expect(byName.permissions).toMatchObject({ level: 'ok' });
    expect(byName['metrics-server']).toMatchObject({ level: 'ok' });
    expect(byName.storage).toMatchObject({ level: 'ok' });
    expect(byName['sample image']).toMatchObject({ level: 'ok' });
  });

  it('runs unattended with --yes, shows the real cluster, and passes its check', async () => {
    await ws.tutor(['reset', '--yes', '--progress']);
    const run = await ws.tutor(['lesson', 'what-is-kubernetes', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Kubernetes v1\.\d+\.\d+/);
    expect(run.stdout).toContain('node k8s-tutor-node: Ready');
    expect(run.stdout).toContain(`$ kubectl create namespace ${ws.namespace}`);
    const count = await nodeCount();
    expect(run.stdout).toContain(count === 1 ? 'Your cluster has one node' : `Your cluster has ${count} nodes`);
    expect(run.stdout).toContain(`kubectl label namespace ${ws.namespace} nodes=NODE_COUNT --overwrite`);
    const printed = `kubectl label namespace ${ws.namespace} nodes=$(kubectl get nodes --no-headers | grep -c .) --overwrite`;
    expect(run.stdout).toContain(`$ ${printed}`);
    await shellOk(ws, printed);
    const { report } = await checkJson(ws, 'what-is-kubernetes');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    const labels = await ws.kubectl(['get', 'namespace', ws.namespace, '-o', 'jsonpath={.metadata.labels}']);
    expect(JSON.parse(labels.stdout)).toMatchObject({ 'app.kubernetes.io/managed-by': 'k8s-tutor', nodes: String(count) });
  });
});
