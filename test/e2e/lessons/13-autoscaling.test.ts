import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, kubectlOk } from '../support/lessons.js';

const ws = workspace('autoscaling');
const wsk = workspace('autoscaling-kubectl');
beforeAll(() => afterLessonThree(wsk));
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

describe('lesson 13: autoscaling', () => {
  it('runs with --yes on a fresh namespace: the HPA, sized for 2 CPUs, scales up under /stress load', async () => {
    const run = await ws.tutor(['lesson', 'hpa', '--yes'], { timeoutMs: 290_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/The guide allows up to 20 replicas\. .*so the maximum here is \d+\./);
    expect(run.stdout).toMatch(/desired replicas rose from \d+ to \d+ \(CPU at \d+% of requests\), \d+ s after the load began/);
    expect(run.stdout).toMatch(/Load stopped: \d+ requests of 15 s each/);
    expect(run.stdout).toContain('SuccessfulRescale: New size:');
    const { exitCode, report } = await checkJson(ws, 'autoscaling');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  }, 330_000);

  it('the learner\'s own kubectl: kubectl autoscale, then load through the API server\'s proxy, until the HPA scales up', async () => {
    const before = await checkJson(wsk, 'autoscaling');
    expect(before.exitCode).toBe(1);
    expect(before.report.checks[0]!.message).toBe(`HorizontalPodAutoscaler fastapi-k8s does not exist in namespace ${wsk.namespace}`);
    expect(before.report.checks[0]!.fix).toContain(`kubectl autoscale deployment fastapi-k8s --cpu-percent=50 --min=2 --max=10 -n ${wsk.namespace}`);

    await kubectlOk(wsk, ['apply', '-f', 'manifests/deployment-resources.yaml', '-n', wsk.namespace]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', wsk.namespace, '--timeout=150s']);
    await kubectlOk(wsk, ['autoscale', 'deployment', 'fastapi-k8s', '--cpu-percent=50', '--min=2', '--max=10', '-n', wsk.namespace]);
    const idle = await checkJson(wsk, 'autoscaling');
    expect(idle.report.checks[0]!.passed).toBe(true);
    expect(idle.report.checks[1]!.message).toMatch(/^fastapi-k8s has not scaled up yet/);

    // Bounded load: two requests of 15 s at a time, at most 12 rounds, stopping as soon as the check passes.
    const stress = `/api/v1/namespaces/${wsk.namespace}/services/fastapi-k8s:80/proxy/stress?seconds=15`;
    let result = idle;
    for (let round = 0; round < 12 && !result.report.passed; round++) {
      await Promise.all([wsk.kubectl(['get', '--raw', stress]), wsk.kubectl(['get', '--raw', stress])]);
      result = await checkJson(wsk, 'autoscaling');
    }
    expect(result.report.passed, JSON.stringify(result.report.checks)).toBe(true);
    expect(result.report.checks[1]!.message).toMatch(/scaled up: New size: \d+; reason: cpu resource utilization \(percentage of request\) above target/);
    expect(result.exitCode).toBe(0);
  }, 330_000);
});
