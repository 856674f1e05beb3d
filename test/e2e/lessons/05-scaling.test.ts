import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('scaling');
beforeAll(() => afterLessonThree(ws));
afterAll(() => cleanup(ws));

describe('lesson 5: scaling', () => {
  it('the learner\'s own kubectl: the check fails on 5 replicas, then `kubectl scale --replicas=4` passes it', async () => {
    const before = await checkJson(ws, 'scaling');
    expect(before.exitCode).toBe(1);
    const replicas = before.report.checks.find((c) => !c.passed)!;
    expect(replicas).toMatchObject({ message: 'replicas is 5; this lesson expects 4', fix: `kubectl scale deployment fastapi-k8s --replicas=4 -n ${ws.namespace}` });

    await kubectlOk(ws, ['scale', 'deployment', 'fastapi-k8s', '--replicas=4', '-n', ws.namespace]);
    const after = await checkPassesWithin(ws, 'scaling');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.report.checks.map((c) => c.message)).toContain('4/4 replicas ready');
    expect(after.report.checks.find((c) => c.name.startsWith('at least 2 pods'))?.message).toMatch(/^[234] different pods answered 20 requests through service fastapi-k8s$/);
  });

  it('runs with --yes: scales with the client, kubectl and the file, and tallies servers through the service proxy', async () => {
    const run = await ws.tutor(['lesson', '5', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`$ kubectl scale deployment fastapi-k8s --replicas=6 -n ${ws.namespace}`);
    expect(run.stdout).toContain(`make scale N=6 NAMESPACE=${ws.namespace}`);
    expect(run.stdout).toContain("the Service through the API server's proxy");
    expect(run.stdout).toMatch(/Service fastapi-k8s \(port 80\)\n\s+│\n\s+┌─+[┴┼┬─]+┐/);
    const answers = [...run.stdout.matchAll(/(\d+) answers?/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(answers).toBe(20);
    const { exitCode, report } = await checkJson(ws, 'scaling');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  });
});
