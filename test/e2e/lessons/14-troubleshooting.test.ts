import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { checkPassesWithin, kubectlOk, skippedTries } from '../support/lessons.js';

const ws = workspace('troubleshooting');
const wsk = workspace('troubleshooting-kubectl');
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

describe('lesson 14: troubleshooting', () => {
  it('runs with --yes: five breakages, each shown, each fixed and recognised by its effect', async () => {
    const run = await ws.tutor(['lesson', 'troubleshooting', '--yes'], { timeoutMs: 290_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ErrImageNeverPull/);
    // The manifest in use has the default maxUnavailable (25%): the lesson says what that allows.
    expect(run.stdout).toMatch(/the rollout may take down up to 1 old pod\(s\) before any new one is ready \(maxUnavailable 25% of 5\)/);
    expect(run.stdout).toMatch(/CrashLoopBackOff|Error/);
    expect(run.stdout).toContain('fatal: DATABASE_URL is not set');
    expect(run.stdout).toMatch(/FailedScheduling: 0\/\d+ nodes are available: \d+ Insufficient cpu/);
    expect(run.stdout).toContain('Service selector: {"app":"fastapi-k8z"}');
    expect(run.stdout).toMatch(/LABELS: .*app=fastapi-k8s/);
    expect(run.stdout).toMatch(/HTTP 503: .*error trying to reach/);
    expect(run.stdout).toContain('-- sh, then wget -qO- localhost:8000/');
    expect(run.stdout.match(/Watching for the change: done/g)).toHaveLength(5);
    const { exitCode, report } = await checkJson(ws, 'troubleshooting');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  }, 330_000);

  it('--skip-tries: the tutor breaks all five things, and check names each fix left undone', async () => {
    const { run, check } = await skippedTries(wsk, 'troubleshooting', 320_000);
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/has no image to run \(challenge 1 is not fixed\), so it cannot crash/);
    expect(check.exitCode).toBe(1);
    const [deployment, selector, port] = check.report.checks;
    expect(deployment!.passed).toBe(false);
    expect(deployment!.name).toContain('challenges 1-3');
    expect(deployment!.fix).toBe(`kubectl rollout history deployment/fastapi-k8s -n ${wsk.namespace}   # the template has the image fastapi-k8s:9.9.9, a command that exits, a request of 64 CPUs: kubectl rollout undo deployment/fastapi-k8s --to-revision=<the last good one> -n ${wsk.namespace}`);
    expect(selector!.passed).toBe(false);
    expect(selector!.name).toContain('challenge 4: the selector');
    expect(port!.passed).toBe(false);
  }, 360_000);

  it('the learner\'s own kubectl: the guide\'s diagnosis commands, then the fixes (a named targetPort too) pass the check', async () => {
    const ns = wsk.namespace;
    await kubectlOk(wsk, ['get', 'pods', '-n', ns]);
    // The broken rollouts still replace pods: the newest pod stays (Pending), an older one may be gone by the describe.
    const pod = (await kubectlOk(wsk, ['get', 'pods', '-l', 'app=fastapi-k8s', '--sort-by=.metadata.creationTimestamp', '-n', ns, '-o', 'jsonpath={.items[-1:].metadata.name}'])).trim();
    expect(await kubectlOk(wsk, ['describe', 'pod', pod, '-n', ns])).toContain('Events:');
    await wsk.kubectl(['logs', pod, '--previous', '-n', ns]); // no previous container for a pod that never started: kubectl says so
    expect(await kubectlOk(wsk, ['get', 'svc', 'fastapi-k8s', '-n', ns])).toContain('fastapi-k8s');
    await kubectlOk(wsk, ['get', 'endpoints', 'fastapi-k8s', '-n', ns]);
    expect(await kubectlOk(wsk, ['get', 'pods', '--show-labels', '-n', ns])).toContain('app=fastapi-k8s');
    expect(await kubectlOk(wsk, ['describe', 'svc', 'fastapi-k8s', '-n', ns])).toContain('app=fastapi-k8z');

    expect(await kubectlOk(wsk, ['rollout', 'history', 'deployment/fastapi-k8s', '-n', ns])).toMatch(/^1\s/m);
    await kubectlOk(wsk, ['rollout', 'undo', 'deployment/fastapi-k8s', '--to-revision=1', '-n', ns]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ns, '--timeout=150s']);
    await kubectlOk(wsk, ['patch', 'svc', 'fastapi-k8s', '-n', ns, '-p', '{"spec":{"selector":{"app":"fastapi-k8s"}}}']);
    const portOnly = await checkPassesWithin(wsk, 'troubleshooting', 20_000);
    expect(portOnly.report.checks.map((c) => c.passed)).toEqual([true, true, false]);
    await kubectlOk(wsk, ['patch', 'svc', 'fastapi-k8s', '-n', ns, '-p', '{"spec":{"ports":[{"port":80,"targetPort":"http"}]}}']);
    const after = await checkPassesWithin(wsk, 'troubleshooting');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
  }, 330_000);
});
