import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('rolling-updates');
beforeAll(() => afterLessonThree(ws));
afterAll(() => cleanup(ws));

const rolloutStatus = () => kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=120s']);

describe('lesson 7: rolling-updates', () => {
  it('--skip-tries: the tutor\'s own rollouts are no undo; check names the step; then the guide\'s own rollout commands pass it', async () => {
    const skipped = await ws.tutor(['lesson', 'rolling-updates', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' }, timeoutMs: 300_000 });
    expect(skipped.stdout).toContain('Left for you (--skip-tries)');
    expect(skipped.stdout).toMatch(/Restarting the Deployment[\s\S]*?traffic: \d+ requests/);
    const before = await checkJson(ws, 'rolling-updates');
    expect(before.exitCode).toBe(1);
    const failed = before.report.checks.filter((c) => !c.passed);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toMatch(/^no rollback since .* \(revision \d+; now \d+\): the step "undo the rollout" is not done$/);
    expect(failed[0]!.fix).toBe(`kubectl rollout undo deployment fastapi-k8s -n ${ws.namespace}`);

    // The guide's §7, adapted only by -n.
    await kubectlOk(ws, ['rollout', 'restart', 'deployment', 'fastapi-k8s', '-n', ws.namespace]);
    await rolloutStatus();
    await kubectlOk(ws, ['rollout', 'undo', 'deployment', 'fastapi-k8s', '-n', ws.namespace]);
    const history = await kubectlOk(ws, ['rollout', 'history', 'deployment', 'fastapi-k8s', '-n', ws.namespace]);
    expect(history).toMatch(/APP_VERSION=2\.0\.0|rollout restart/);
    await rolloutStatus();
    const after = await checkPassesWithin(ws, 'rolling-updates');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.report.checks.map((c) => c.message)).toContainEqual(expect.stringMatching(/^revision \d+ brought back earlier revision \d+ \(ReplicaSet fastapi-k8s-\w+\)/));
  });

  it('runs with --yes: the live picture, zero failed requests under RollingUpdate, a gap under Recreate, and the undo', async () => {
    // Back to version 1.0.0 (unset), as after lesson 3, so that the picture starts from [v1].
    await kubectlOk(ws, ['set', 'env', 'deployment/fastapi-k8s', 'APP_VERSION-', '-n', ws.namespace]);
    await rolloutStatus();
    const run = await ws.tutor(['lesson', 'rolling-updates', '--yes', '--restart'], { timeoutMs: 300_000 });
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
    expect(run.stdout).toMatch(/\d+\s+rollout restart\s+fastapi-k8s-\w+\s+1\.0\.0/);
    expect(run.stdout).toMatch(/\d+\s+APP_VERSION=2\.0\.0\s+fastapi-k8s-\w+\s+2\.0\.0/);
    const undo = /What the cluster did after your undo\n\s+what the cluster did\n((?:\s+\+[\d.]+ m?s\s+.*\n)+)/.exec(run.stdout);
    expect(undo, run.stdout).not.toBeNull();
    // Scaling events can be dropped by the event spam filter on reruns; pod state cannot.
    expect(undo![1]).toMatch(/pod fastapi-k8s-…-\w+\s+Ready\n[\s\S]*pod fastapi-k8s-…-\w+\s+deleted: Terminating/);

    const { exitCode, report } = await checkJson(ws, 'rolling-updates');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  });
});
