import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';

const ws = workspace('first');
afterAll(() => cleanup(ws));

describe('lesson 3: first-deployment', () => {
  it('runs unattended and ends with the guide\'s Deployment and Service, 5/5 ready', async () => {
    const run = await ws.tutor(['lesson', '3', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('deployment.apps/fastapi-k8s created');
    expect(run.stdout).toContain(`$ kubectl apply -f ${ws.workdir}/manifests/k8s.yaml -n ${ws.namespace}`);
    const { report } = await checkJson(ws, 'first-deployment');
    expect(report.passed).toBe(true);
  });

  it('with kubectl: fails on a wrong replica count with the scale command, passes after kubectl scale', async () => {
    expect((await ws.kubectl(['scale', 'deployment', 'fastapi-k8s', '--replicas=1', '-n', ws.namespace])).exitCode).toBe(0);
    const before = await checkJson(ws, 'first-deployment');
    expect(before.exitCode).toBe(1);
    const shape = before.report.checks.find((c) => c.name.startsWith('Deployment fastapi-k8s'))!;
    expect(shape).toMatchObject({ passed: false, message: 'Deployment fastapi-k8s: replicas is 1; this lesson expects 5', fix: `kubectl scale deployment fastapi-k8s --replicas=5 -n ${ws.namespace}` });

    expect((await ws.kubectl(['scale', 'deployment', 'fastapi-k8s', '--replicas=5', '-n', ws.namespace])).exitCode).toBe(0);
    await ws.kubectl(['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=120s']);
    const after = await checkJson(ws, 'first-deployment');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
  });

  it('check --watch keeps a live checklist and exits 0 once kubectl fixes things', async () => {
    expect((await ws.kubectl(['scale', 'deployment', 'fastapi-k8s', '--replicas=2', '-n', ws.namespace])).exitCode).toBe(0);
    const watching = ws.tutor(['check', 'first-deployment', '--watch', '--timeout', '120']);
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await ws.kubectl(['scale', 'deployment', 'fastapi-k8s', '--replicas=5', '-n', ws.namespace])).exitCode).toBe(0);
    const run = await watching;
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('✘ Deployment fastapi-k8s: replicas is 2; this lesson expects 5');
    expect(run.stdout).toContain('✔ 5/5 replicas ready');
    expect(run.stdout).toContain('All checks of first-deployment pass.');
  });

  it('with the guide\'s kubectl apply on a fresh namespace: check fails first, then passes', async () => {
    await ws.tutor(['reset', '--yes']);
    await ws.kubectl(['create', 'namespace', ws.namespace]);
    const before = await checkJson(ws, 'first-deployment');
    expect(before.exitCode).toBe(1);
    expect(before.report.checks[0]).toMatchObject({ message: `Deployment fastapi-k8s does not exist in namespace ${ws.namespace}`, fix: `kubectl apply -f ${ws.workdir}/manifests/k8s.yaml -n ${ws.namespace}` });
    expect((await ws.kubectl(['apply', '-f', 'manifests/k8s.yaml', '-n', ws.namespace])).exitCode).toBe(0);
    await ws.kubectl(['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=120s']);
    const after = await checkJson(ws, 'first-deployment');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    await ws.kubectl(['delete', 'namespace', ws.namespace, '--wait=true']);
  });
});
