import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('troubleshooting');
const wsk = workspace('troubleshooting-kubectl');
beforeAll(() => afterLessonThree(wsk));
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

/** `check --json` until a failing check's message matches (symptoms take a few seconds to show), bounded. */
async function failsWith(lesson: string, pattern: RegExp, timeoutMs = 60_000): Promise<{ message: string; fix?: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { report } = await checkJson(wsk, lesson);
    const hit = report.checks.find((c) => !c.passed && pattern.test(c.message));
    if (hit || Date.now() > deadline) {
      expect(hit, JSON.stringify(report.checks)).toBeTruthy();
      return hit!;
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

describe('lesson 14: troubleshooting', () => {
  it('runs with --yes: five breakages, each shown, each fixed and recognised by its effect', async () => {
    const run = await ws.tutor(['lesson', 'troubleshooting', '--yes'], { timeoutMs: 290_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ErrImageNeverPull/);
    expect(run.stdout).toMatch(/CrashLoopBackOff|Error/);
    expect(run.stdout).toContain('fatal: DATABASE_URL is not set');
    expect(run.stdout).toMatch(/FailedScheduling: 0\/1 nodes are available: 1 Insufficient cpu/);
    expect(run.stdout).toContain('Service selector: {"app":"fastapi-k8z"}');
    expect(run.stdout).toMatch(/HTTP 503: .*error trying to reach/);
    expect(run.stdout.match(/Watching for the change: done/g)).toHaveLength(5);
    const { exitCode, report } = await checkJson(ws, 'troubleshooting');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  }, 330_000);

  it('the learner\'s own kubectl: a missing image and a wrong selector fail the check, and their kubectl fixes pass it', async () => {
    expect((await checkJson(wsk, 'troubleshooting')).report.passed).toBe(true);

    await kubectlOk(wsk, ['set', 'image', 'deployment/fastapi-k8s', 'fastapi-k8s=fastapi-k8s:9.9.9', '-n', wsk.namespace]);
    const image = await failsWith('troubleshooting', /ErrImageNeverPull/);
    expect(image.message).toMatch(/^\d of 5 replicas are ready: pod fastapi-k8s-\S+ is ErrImageNeverPull/);
    expect(image.fix).toBe(`kubectl set image deployment/fastapi-k8s fastapi-k8s=fastapi-k8s:1.0.0 -n ${wsk.namespace}   (the template asks for fastapi-k8s:9.9.9)`);
    await kubectlOk(wsk, ['rollout', 'undo', 'deployment/fastapi-k8s', '-n', wsk.namespace]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', wsk.namespace, '--timeout=150s']);
    expect((await checkPassesWithin(wsk, 'troubleshooting')).report.passed).toBe(true);

    await kubectlOk(wsk, ['patch', 'svc', 'fastapi-k8s', '-n', wsk.namespace, '-p', '{"spec":{"selector":{"app":"fastapi-k8z"}}}']);
    const empty = await failsWith('troubleshooting', /has 0 ready endpoints/);
    expect(empty.fix).toBe(`kubectl get endpointslices -l kubernetes.io/service-name=fastapi-k8s -n ${wsk.namespace}`);
    await kubectlOk(wsk, ['patch', 'svc', 'fastapi-k8s', '-n', wsk.namespace, '-p', '{"spec":{"selector":{"app":"fastapi-k8s"}}}']);
    const after = await checkPassesWithin(wsk, 'troubleshooting');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
  }, 330_000);
});
