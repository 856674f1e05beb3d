import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { kubectlOk } from '../support/lessons.js';

const ws = workspace('core');
afterAll(() => cleanup(ws));

const BARE = 'you deleted the bare pod core-demo-pod, and it stayed deleted';
const REPLACED = 'a core-demo pod was replaced';

describe('lesson 2: core-concepts', () => {
  it('--skip-tries: the tutor sets up the pods and the Service, check 2 names both deletes as missing; the learner\'s kubectl then passes it', async () => {
    const run = await ws.tutor(['lesson', '2', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/NODE\s+KUBELET\s+CONTAINER-RUNTIME/);
    expect(run.stdout).toContain('kube-proxy:');
    expect(run.stdout).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+(NODE\s+)?LABELS/);
    expect(run.stdout).toContain('The same pod as before: it has not been deleted yet');

    const before = await checkJson(ws, '2');
    expect(before.exitCode).toBe(1);
    expect(before.report.checks.find((c) => c.name === BARE)).toMatchObject({ passed: false, message: 'pod core-demo-pod still exists', fix: `kubectl delete pod core-demo-pod -n ${ws.namespace}` });
    expect(before.report.checks.find((c) => c.name === REPLACED)).toMatchObject({ passed: false });

    await kubectlOk(ws, ['delete', 'pod', 'core-demo-pod', '-n', ws.namespace]);
    await kubectlOk(ws, ['delete', 'pod', '-l', 'app=core-demo', '-n', ws.namespace]);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/core-demo', '-n', ws.namespace, '--timeout=120s']);
    await kubectlOk(ws, ['wait', '--for=condition=Ready', 'pod', '-l', 'app=core-demo', '-n', ws.namespace, '--timeout=120s']);
    const after = await checkJson(ws, '2');
    expect(after.report.checks.map((c) => [c.name, c.passed])).toEqual([
      [BARE, true],
      [REPLACED, true],
      ['core-demo: 1/1 replicas ready', true],
    ]);
    expect(after.exitCode).toBe(0);
  });

  it('runs unattended: the bare pod stays gone, the Deployment\'s pod is replaced with a new IP, the Service\'s ClusterIP stays', async () => {
    const run = await ws.tutor(['lesson', 'core-concepts', '--yes', '--restart']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`$ kubectl delete pod core-demo-pod -n ${ws.namespace}`);
    expect(run.stdout).toContain(`kubectl expose deployment core-demo --port=80 --target-port=8000 -n ${ws.namespace}`);
    expect(run.stdout).toMatch(/pod core-demo-\w+-\w+ replaced a deleted one/);
    expect(run.stdout).toContain('took the old one\'s place. The Service\'s address did not change.');
    const { report } = await checkJson(ws, 'core-concepts');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
  });
});
