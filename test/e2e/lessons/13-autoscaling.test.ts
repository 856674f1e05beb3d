import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { kubectlOk, skippedTries } from '../support/lessons.js';

const ws = workspace('autoscaling');
const wsk = workspace('autoscaling-kubectl');
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

describe('lesson 13: autoscaling', () => {
  it('runs with --yes on a fresh namespace: the HPA, sized for the cluster, scales up under /stress load', async () => {
    const run = await ws.tutor(['lesson', 'hpa', '--yes'], { timeoutMs: 290_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    // One 2-CPU node cannot hold 20 pods of 100m with half kept free; three can.
    expect(run.stdout).toMatch(/The guide allows up to 20 replicas\. .*so the maximum here is \d+\.|This cluster can hold the guide's 20 replicas/);
    expect(run.stdout).toMatch(/The tutor's load stopped: \d+ requests of 15 s each/);
    expect(run.stdout).toContain('SuccessfulRescale: New size:');
    expect(run.stdout).toContain('kubectl describe hpa fastapi-k8s -n');
    const { exitCode, report } = await checkJson(ws, 'autoscaling');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(report.checks[1]!.message).toMatch(/^fastapi-k8s scaled up: New size: \d+; reason: cpu resource utilization \(percentage of request\) above target \(seen /);
    expect(exitCode).toBe(0);
  }, 330_000);

  it('--skip-tries: no HPA and no load, and check names the autoscale step', async () => {
    const { run, check } = await skippedTries(wsk, 'hpa');
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('No HPA yet (the step above is yours).');
    expect(check.exitCode).toBe(1);
    const [targets, scaled] = check.report.checks;
    expect(targets!.message).toBe(`no HorizontalPodAutoscaler in namespace ${wsk.namespace} scales Deployment fastapi-k8s`);
    expect(targets!.fix).toBe(`kubectl autoscale deployment fastapi-k8s --cpu-percent=50 --min=2 --max=10 -n ${wsk.namespace}`);
    expect(scaled!.passed).toBe(false);
  }, 330_000);

  it('the learner\'s own kubectl: the guide\'s kubectl autoscale, then load through the API server\'s proxy, until the HPA scales up', async () => {
    await kubectlOk(wsk, ['autoscale', 'deployment', 'fastapi-k8s', '--cpu-percent=50', '--min=2', '--max=20', '-n', wsk.namespace]);
    const idle = await checkJson(wsk, 'autoscaling');
    expect(idle.report.checks[0]!.passed, idle.report.checks[0]!.message).toBe(true);
    expect(idle.report.checks[1]!.message).toMatch(/^fastapi-k8s has not scaled up since the step began/);

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
