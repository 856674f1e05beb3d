import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('rolling-updates');
beforeAll(() => afterLessonThree(ws));
afterAll(() => cleanup(ws));

const rolloutStatus = () => kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=120s']);

describe('lesson 7: rolling-updates', () => {
  it('the learner\'s own kubectl: check fails until a change has been rolled out and undone', async () => {
    await kubectlOk(ws, ['apply', '-f', 'manifests/deployment-rolling.yaml', '-n', ws.namespace]);
    await rolloutStatus();
    const first = await checkJson(ws, 'rolling-updates');
    expect(first.exitCode).toBe(1);
    expect(first.report.checks.find((c) => !c.passed)).toMatchObject({
      message: 'Deployment fastapi-k8s is at revision 2; this lesson expects at least 3: roll out a new version, then undo it',
      fix: `kubectl rollout undo deployment fastapi-k8s -n ${ws.namespace}`,
    });

    await kubectlOk(ws, ['set', 'env', 'deployment/fastapi-k8s', 'APP_VERSION=2.0.0', '-n', ws.namespace]);
    await rolloutStatus();
    const second = await checkJson(ws, 'rolling-updates');
    expect(second.report.checks.find((c) => !c.passed)?.message).toBe('revision 3 of fastapi-k8s is a new template, not one brought back by an undo');

    await kubectlOk(ws, ['rollout', 'undo', 'deployment/fastapi-k8s', '-n', ws.namespace]);
    await rolloutStatus();
    const after = await checkPassesWithin(ws, 'rolling-updates');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.report.checks.map((c) => c.message)).toContain('revision 4 restores earlier revision 2 and is rolled out');
  });

  it('runs with --yes: the live picture, zero failed requests under RollingUpdate, a gap under Recreate, and the undo', async () => {
    const run = await ws.tutor(['lesson', 'rolling-updates', '--yes'], { timeoutMs: 280_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const rolling = /Rolling out version 2\.0\.0 under traffic[\s\S]*?traffic: (\d+) requests in [\d.]+ s, (\d+) failed/.exec(run.stdout);
    const recreate = /Switching to Recreate[\s\S]*?traffic: (\d+) requests in [\d.]+ s, (\d+) failed/.exec(run.stdout);
    expect(rolling, run.stdout).not.toBeNull();
    expect(recreate, run.stdout).not.toBeNull();
    console.log(`lesson 7 traffic: RollingUpdate ${rolling![2]} of ${rolling![1]} failed; Recreate ${recreate![2]} of ${recreate![1]} failed`);
    expect(Number(rolling![1])).toBeGreaterThan(20);
    expect(Number(rolling![2])).toBe(0);
    expect(run.stdout).toContain('Zero failed requests');
    expect(Number(recreate![2])).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/step +\d+: +\[v1\] \[v1\] \[v1\] \[v1\] \[v1\] \[v2…\]/);
    expect(run.stdout).toMatch(/step +\d+: +\[v2\] \[v2\] \[v2\] \[v2\] \[v2\]/);
    expect(run.stdout).toContain('(no pods: nothing can answer)');
    expect(run.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\s+REPLICASET\s+APP_VERSION/);
    const undo = /What the cluster did after your undo\n\s+what the cluster did\n((?:\s+\+[\d.]+ m?s\s+.*\n)+)/.exec(run.stdout);
    expect(undo, run.stdout).not.toBeNull();
    // Scaling events can be dropped by the event spam filter on reruns; pod state cannot.
    expect(undo![1]).toMatch(/pod fastapi-k8s-…-\w+\s+Ready\n[\s\S]*pod fastapi-k8s-…-\w+\s+deleted: Terminating/);

    const { exitCode, report } = await checkJson(ws, 'rolling-updates');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  });
});
