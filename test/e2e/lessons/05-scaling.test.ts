import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { GUIDE_K8S_YAML, afterLessonThree, kubectlOk } from '../support/lessons.js';

const ws = workspace('scaling');
beforeAll(() => afterLessonThree(ws));
afterAll(() => cleanup(ws));

const SCALED = 'you scaled the Deployment to 10 (kubectl scale)';
const FROM_FILE = 'replicas: 4 comes from a file you applied (kubectl apply -f)';
const READY = 'fastapi-k8s: 4/4 replicas ready';
const SPREAD = 'your requests through the Service were answered by at least 2 pods';

/** A printed command, pasted into a shell in an empty folder (as a learner without a clone would). */
async function pasted(command: string): Promise<void> {
  const run = await execa('bash', ['-c', command], { cwd: mkdtempSync(join(tmpdir(), 'k8s-tutor-paste-')), env: ws.env, reject: false, stdin: 'ignore' });
  expect(run.exitCode, `${command}\n${run.stdout}\n${run.stderr}`).toBe(0);
}

const byName = (checks: { name: string; passed: boolean; message: string }[], name: string) => checks.find((c) => c.name === name)!;

describe('lesson 5: scaling', () => {
  it('--skip-tries: check 5 names every step left; the guide\'s kubectl scale passes its step, a kubectl scale to 4 does not pass the file step, the applied file and the request loop do', async () => {
    const run = await ws.tutor(['lesson', '5', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    const before = await checkJson(ws, 'scaling');
    expect(before.exitCode).toBe(1);
    expect(byName(before.report.checks, SCALED)).toMatchObject({ passed: false, message: 'Deployment fastapi-k8s has not been scaled to 10 since this step began (it asks for 5)' });
    expect(byName(before.report.checks, FROM_FILE)).toMatchObject({ passed: false, message: 'replicas is 5; set replicas: 4 in your copy of k8s.yaml and apply it' });
    expect(byName(before.report.checks, SPREAD)).toMatchObject({ passed: false });

    // The guide's own command, adapted by -n.
    await kubectlOk(ws, ['scale', 'deployment', 'fastapi-k8s', '--replicas=10', '-n', ws.namespace]);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=180s']);
    const scaled = await checkJson(ws, 'scaling');
    expect(byName(scaled.report.checks, SCALED).passed, JSON.stringify(scaled.report.checks)).toBe(true);

    // 4 replicas by kubectl scale: the number is right, but the file does not say so.
    await kubectlOk(ws, ['scale', 'deployment', 'fastapi-k8s', '--replicas=4', '-n', ws.namespace]);
    const live = await checkJson(ws, 'scaling');
    expect(byName(live.report.checks, FROM_FILE)).toMatchObject({ passed: false });
    expect(byName(live.report.checks, FROM_FILE).message).toMatch(/^replicas is 4, but kubectl scale set it, not a file you applied: the file (does not say so|still says 5)/);

    // The file, edited and applied, as the lesson prints it; then the learner's loop of requests.
    await pasted(`sed 's/replicas: 5/replicas: 4/' ${ws.workdir}/manifests/k8s.yaml | kubectl apply -n ${ws.namespace} -f -`);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=180s']);
    await pasted(`for i in $(seq 1 20); do kubectl get --raw /api/v1/namespaces/${ws.namespace}/services/fastapi-k8s:80/proxy/; echo; done`);
    const after = await checkJson(ws, 'scaling');
    expect(after.report.checks.map((c) => [c.name, c.passed])).toEqual([[SCALED, true], [FROM_FILE, true], [READY, true], [SPREAD, true]]);
    expect(byName(after.report.checks, FROM_FILE).message).toBe('replicas: 4, applied from a file (kubectl apply: the file it applied last says so)');
    // Counted as answered, in the pods' logs: all 20 are there once the loop has returned.
    expect(byName(after.report.checks, SPREAD).message).toMatch(/^[234] pods answered your requests to \/: \d+( \+ \d+)+ = 20 answers in the pods' logs so far$/);
    expect(byName(after.report.checks, READY).message).toBe('4/4 replicas ready');
    expect(after.exitCode).toBe(0);
  });

  it('runs with --yes: scales to 10 and shows where the pods run, applies the file with 4, and spreads requests over the pods', async () => {
    const run = await ws.tutor(['lesson', '5', '--yes', '--restart']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`$ kubectl scale deployment fastapi-k8s --replicas=10 -n ${ws.namespace}`);
    const nodes = (await kubectlOk(ws, ['get', 'nodes', '--no-headers'])).trim().split('\n').length;
    if (nodes > 1) expect(run.stdout).toMatch(new RegExp(`10 pods over ${nodes} nodes: `));
    else expect(run.stdout).not.toContain('pods over');
    expect(run.stdout).toContain(`make -C ${ws.workdir}/manifests/../sample-app scale N=10 NAMESPACE=${ws.namespace}`);
    expect(run.stdout).toContain('EXTERNAL-IP stays <pending>');
    expect(run.stdout).toContain(`$ for i in $(seq 1 20); do kubectl get --raw /api/v1/namespaces/${ws.namespace}/services/fastapi-k8s:80/proxy/; echo; done`);
    expect(run.stdout).toMatch(/Service fastapi-k8s \(port 80\)\n\s+│\n\s+┌─+[┴┼┬─]+┐/);
    const { exitCode, report } = await checkJson(ws, 'scaling');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(byName(report.checks, FROM_FILE).message).toBe('replicas: 4, applied from a file (server-side apply by k8s-tutor)');
    // Desired and ready from one moment: never the 10 ready of the scale-down beside the 4 asked.
    expect(run.stdout).not.toMatch(/\b(10|[5-9])\/4 replicas ready/);
    expect(exitCode).toBe(0);
  });
  it('the guide\'s own way, on the guide\'s own YAML: kubectl scale --replicas=10, then replicas changed in the YAML and applied, then requests', async () => {
    await ws.tutor(['reset', '--yes', '--progress']);
    await kubectlOk(ws, ['create', 'namespace', ws.namespace]);
    expect((await ws.kubectl(['apply', '-f', '-', '-n', ws.namespace], { input: GUIDE_K8S_YAML })).exitCode).toBe(0);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=180s']);
    // The first check records the starting points (no lesson run has).
    expect((await checkJson(ws, 'scaling')).exitCode).toBe(1);
    await kubectlOk(ws, ['scale', 'deployment', 'fastapi-k8s', '--replicas=10', '-n', ws.namespace]);
    await kubectlOk(ws, ['get', 'pods', '-l', 'app=fastapi-k8s', '-n', ws.namespace]);
    expect((await ws.kubectl(['apply', '-f', '-', '-n', ws.namespace], { input: GUIDE_K8S_YAML.replace('replicas: 5 ', 'replicas: 4 ') })).exitCode).toBe(0);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=180s']);
    await pasted(`for i in $(seq 1 20); do kubectl get --raw /api/v1/namespaces/${ws.namespace}/services/fastapi-k8s:80/proxy/; echo; done`);
    const after = await checkJson(ws, 'scaling');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    // Made with kubectl, so not the tutor's to reset: gone in the background.
    await ws.kubectl(['delete', 'namespace', ws.namespace, '--wait=false']);
  });

});
