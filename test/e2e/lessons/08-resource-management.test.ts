import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('resource-management');
beforeAll(() => afterLessonThree(ws));
afterAll(() => cleanup(ws));

describe('lesson 8: resource-management', () => {
  it('the learner\'s own kubectl: check fails without requests and limits, then the apply passes it', async () => {
    const before = await checkJson(ws, 'resource-management');
    expect(before.exitCode).toBe(1);
    expect(before.report.checks.find((c) => !c.passed)).toMatchObject({
      message: 'Deployment fastapi-k8s: requests is not set; this lesson expects {"cpu":"100m","memory":"128Mi"}',
      fix: `kubectl apply -f ${ws.workdir}/manifests/deployment-resources.yaml -n ${ws.namespace}`,
    });
    await kubectlOk(ws, ['apply', '-f', 'manifests/deployment-resources.yaml', '-n', ws.namespace]);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=120s']);
    const after = await checkPassesWithin(ws, 'resource-management');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
  });

  it('runs with --yes: Pending on too big a request, an OOMKill with restart, usage against requests', async () => {
    const run = await ws.tutor(['lesson', 'resource-management', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/cpu_request 100m, cpu_limit 500m, memory_request 128Mi, memory_limit 256Mi/);
    expect(run.stdout).toMatch(/\s0\/1\s+Pending\s/);
    expect(run.stdout).toMatch(/FailedScheduling \(pod fastapi-k8s-\S+\): 0\/1 nodes are available: 1 Insufficient cpu/);
    expect(run.stdout).toMatch(/container restarted \(RESTARTS 1\), last exit: OOMKilled, exit code 137/);
    expect(run.stdout).toContain('lastState.terminated.reason: OOMKilled');
    expect(run.stdout).toMatch(/NAME\s+CPU\s+VS REQUEST\s+MEMORY\s+VS REQUEST|metrics-server has no numbers for these pods yet/);
    const { exitCode, report } = await checkJson(ws, 'resource-management');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  });
});
