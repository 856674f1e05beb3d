import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, firstPod, kubectlOk } from '../support/lessons.js';

const ws = workspace('self-healing');
beforeAll(() => afterLessonThree(ws));
afterAll(() => cleanup(ws));

/** The lines of the first "what the cluster did" block in the output. */
function firstTimeline(stdout: string): string[] {
  const start = stdout.indexOf('what the cluster did');
  return stdout.slice(start).split('\n').slice(1).filter((l) => /^\s+\+[\d.]+ (ms|s)\s/.test(l)).map((l) => l.trim());
}

describe('lesson 6: self-healing', () => {
  it('the learner\'s own kubectl: check fails on missing probes and no replacement, then delete + apply pass it', async () => {
    const before = await checkJson(ws, 'self-healing');
    expect(before.exitCode).toBe(1);
    const failed = before.report.checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.message)).toEqual([
      'Deployment fastapi-k8s: livenessProbe is not set; this lesson expects {"httpGet":{"path":"/health","port":8000}}',
      expect.stringMatching(/^no fastapi-k8s pod has been deleted and replaced since /),
    ]);
    expect(failed[0]!.fix).toBe(`kubectl apply -f ${ws.workdir}/manifests/deployment-probes.yaml -n ${ws.namespace}`);

    await kubectlOk(ws, ['delete', 'pod', await firstPod(ws), '-n', ws.namespace]);
    await kubectlOk(ws, ['apply', '-f', 'manifests/deployment-probes.yaml', '-n', ws.namespace]);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=120s']);
    const after = await checkPassesWithin(ws, 'self-healing');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
  });

  it('runs with --yes, and a real pod deletion produces the timeline chain in order', async () => {
    const run = await ws.tutor(['lesson', 'self-healing', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);

    const chain = firstTimeline(run.stdout);
    const at = (pattern: RegExp) => chain.findIndex((l) => pattern.test(l));
    const steps = [/deleted: Terminating/, /^\+[\d.]+ m?s\s+pod \S+\s+created$/, /scheduled → /, /container started/, /\bReady$/, /added to the endpoints \(5\)/];
    const positions = steps.map(at);
    expect(positions.every((p) => p >= 0), chain.join('\n')).toBe(true);
    expect([...positions].sort((a, b) => a - b), chain.join('\n')).toEqual(positions);
    expect(chain[0]).toMatch(/^\+0 ms\s+pod fastapi-k8s-…-\w+\s+deleted: Terminating$/);
    expect(at(/replicaset fastapi-k8s-\w+\s+sees 4\/5/), chain.join('\n')).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/5\/5 ready again after [\d.]+ m?s, and nobody asked for it\./);

    // The learner's turn (done by --yes) gets its own chain, the crash restarts in place, and readiness only steers traffic.
    expect(run.stdout).toMatch(/What the cluster did after your delete\n\s+what the cluster did\n\s+\+0 ms\s+pod \S+\s+deleted: Terminating/);
    expect(run.stdout).toMatch(/container restarted \(RESTARTS 1\), last exit: Error, exit code 1/);
    expect(run.stdout).toMatch(/left the endpoints \(4\)[\s\S]*READY 0\/1, and not restarted/);

    const { exitCode, report } = await checkJson(ws, 'self-healing');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  });
});
