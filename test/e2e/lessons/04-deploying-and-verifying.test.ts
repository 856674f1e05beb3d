import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';

const ws = workspace('verify');
afterAll(() => cleanup(ws));

describe('lesson 4: deploying-and-verifying', () => {
  it('on a fresh namespace, sets up lesson 3 by itself, shows pods, service, logs, events and a real answer', async () => {
    const run = await ws.tutor(['lesson', 'deploying-and-verifying', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('This lesson needs the fastapi-k8s Deployment and Service from lesson 3');
    expect(run.stdout).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(run.stdout).toMatch(/fastapi-k8s\s+LoadBalancer\s+10\.\d+\.\d+\.\d+/);
    expect(run.stdout).toMatch(/HTTP 200: \{"message":"Hello from fastapi-k8s!","server":"fastapi-k8s-/);
    expect(run.stdout).toMatch(/"msg":"listening"/);
    const { report } = await checkJson(ws, 'deploying-and-verifying');
    expect(report.passed).toBe(true);
  });

  it('with kubectl: a pod that never becomes ready is explained, then fixed', async () => {
    await ws.kubectl(['set', 'image', 'deployment/fastapi-k8s', 'fastapi-k8s=fastapi-k8s:does-not-exist', '-n', ws.namespace]);
    await ws.kubectl(['wait', '--for=jsonpath={.status.updatedReplicas}=1', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=60s']);
    const before = await checkJson(ws, '4');
    expect(before.exitCode).toBe(1);
    const ready = before.report.checks.find((c) => c.name === 'fastapi-k8s: 5/5 replicas ready')!;
    expect(ready.passed).toBe(false);
    expect(ready.message).toMatch(/ErrImageNeverPull|not ready|replicas are ready/);
    expect((await ws.kubectl(['rollout', 'undo', 'deployment/fastapi-k8s', '-n', ws.namespace])).exitCode).toBe(0);
    await ws.kubectl(['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=120s']);
    const after = await checkJson(ws, '4');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
  });
});
