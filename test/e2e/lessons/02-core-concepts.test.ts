import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';

const ws = workspace('core');
afterAll(() => cleanup(ws));

describe('lesson 2: core-concepts', () => {
  it('runs unattended: the bare pod stays gone, the Deployment\'s pod is replaced', async () => {
    const run = await ws.tutor(['lesson', 'core-concepts', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`$ kubectl delete pod core-demo-pod -n ${ws.namespace}`);
    expect(run.stdout).toMatch(/pod core-demo-\w+-\w+ replaced a deleted one/);
    const { report } = await checkJson(ws, 'core-concepts');
    expect(report.passed).toBe(true);
  });

  it('with kubectl: the check records a starting point, fails, then passes after the learner deletes a pod', async () => {
    await ws.tutor(['reset', '--yes', '--progress']);
    await ws.kubectl(['create', 'namespace', ws.namespace]);
    await ws.kubectl(['create', 'deployment', 'core-demo', '--image=fastapi-k8s:1.0.0', '-n', ws.namespace]);
    await ws.kubectl(['rollout', 'status', 'deployment/core-demo', '-n', ws.namespace, '--timeout=120s']);
    const before = await checkJson(ws, 'core-concepts');
    expect(before.exitCode).toBe(1);
    const replaced = before.report.checks.find((c) => c.name === 'a core-demo pod was replaced')!;
    expect(replaced.passed).toBe(false);
    expect(replaced.fix).toContain(`kubectl delete $(kubectl get pods -l app=core-demo -n ${ws.namespace} -o name | head -1) -n ${ws.namespace}`);

    expect((await ws.kubectl(['delete', 'pod', '-l', 'app=core-demo', '-n', ws.namespace])).exitCode).toBe(0);
    await ws.kubectl(['rollout', 'status', 'deployment/core-demo', '-n', ws.namespace, '--timeout=120s']);
    await ws.kubectl(['wait', '--for=condition=Ready', 'pod', '-l', 'app=core-demo', '-n', ws.namespace, '--timeout=120s']);
    const after = await checkJson(ws, 'core-concepts');
    expect(after.report.checks.map((c) => [c.name, c.passed])).toEqual([
      ['the bare pod stayed deleted', true],
      ['core-demo: 1/1 replicas ready', true],
      ['a core-demo pod was replaced', true],
    ]);
    expect(after.exitCode).toBe(0);
    await ws.kubectl(['delete', 'namespace', ws.namespace, '--wait=true']);
  });
});
