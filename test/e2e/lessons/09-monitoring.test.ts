import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('monitoring');
const wsk = workspace('monitoring-kubectl');
beforeAll(() => afterLessonThree(wsk));
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

describe('lesson 9: monitoring', () => {
  it('runs with --yes on a fresh namespace: logs of every replica, a live follow, top, /health', async () => {
    const run = await ws.tutor(['lesson', 'monitoring', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Read from all 5 replicas/);
    expect(run.stdout).toMatch(/\[pod\/fastapi-k8s-\S+\] \{"time":.*"path":"\/","status":200/);
    expect(run.stdout).toMatch(/Liveness:\s+http-get :8000\/health every 10s/);
    // This cluster runs metrics-server: top shows the node's usage.
    expect(run.stdout).toMatch(/NODE\s+CPU\s+MEMORY\n\s+\S+\s+\d+m\s+\d+Mi/);
    expect(run.stdout).toContain('HTTP 200: {"status":"healthy"}');
    const { exitCode, report } = await checkJson(ws, 'monitoring');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  });

  it('the learner\'s own kubectl: check fails without probes, then applying lesson 8\'s Deployment passes it', async () => {
    const before = await checkJson(wsk, 'monitoring');
    expect(before.exitCode).toBe(1);
    const failed = before.report.checks.filter((c) => !c.passed);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toBe('Deployment fastapi-k8s: livenessProbe is not set; this lesson expects {"httpGet":{"path":"/health","port":8000}}');
    expect(failed[0]!.fix).toBe(`kubectl apply -f ${wsk.workdir}/manifests/deployment-resources.yaml -n ${wsk.namespace}`);

    await kubectlOk(wsk, ['apply', '-f', 'manifests/deployment-resources.yaml', '-n', wsk.namespace]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', wsk.namespace, '--timeout=150s']);
    await kubectlOk(wsk, ['logs', '-l', 'app=fastapi-k8s', '--prefix', '--tail=1', '-n', wsk.namespace]);
    const after = await checkPassesWithin(wsk, 'monitoring');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
  });
});
