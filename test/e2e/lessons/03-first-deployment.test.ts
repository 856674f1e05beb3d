import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { GUIDE_K8S_YAML, kubectlOk } from '../support/lessons.js';

const ws = workspace('first');
afterAll(() => cleanup(ws));

/** kubectl rollout status, once more if its watch broke (another test may restart the API server meanwhile). */
async function rolledOut(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const run = await ws.kubectl(['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=150s']);
    if (run.exitCode === 0) return;
    if (attempt === 3) expect(run.exitCode, `kubectl rollout status\n${run.stdout}\n${run.stderr}`).toBe(0);
  }
}

const DEPLOYMENT_CHECK = 'Deployment fastapi-k8s: 5 replicas of pods labelled app=fastapi-k8s, port 8000';
const SERVICE_CHECK = 'Service fastapi-k8s: LoadBalancer, port 80 → the app\'s port 8000';

describe('lesson 3: first-deployment', () => {
  it('runs unattended and ends with the guide\'s Deployment and Service, 5/5 ready; the API server refuses a mismatched selector', async () => {
    const run = await ws.tutor(['lesson', '3', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('deployment.apps/fastapi-k8s created');
    expect(run.stdout).toContain(`$ kubectl apply -f ${ws.workdir}/manifests/k8s.yaml -n ${ws.namespace}`);
    expect(run.stdout).toMatch(/The API server refused it: .*selector.* does not match template .*labels/);
    expect(run.stdout).toContain('this cluster has no load balancer');
    expect(run.stdout).toMatch(/replicaset\.apps\/fastapi-k8s-\w+\s+5\/5/);
    const { report } = await checkJson(ws, 'first-deployment');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
  });

  it('with kubectl: fails on a wrong replica count with the scale command, passes after kubectl scale', async () => {
    await kubectlOk(ws, ['scale', 'deployment', 'fastapi-k8s', '--replicas=1', '-n', ws.namespace]);
    const before = await checkJson(ws, 'first-deployment');
    expect(before.exitCode).toBe(1);
    const shape = before.report.checks.find((c) => c.name === DEPLOYMENT_CHECK)!;
    expect(shape).toMatchObject({ passed: false, message: 'Deployment fastapi-k8s: replicas is 1; this lesson expects 5', fix: `kubectl scale deployment fastapi-k8s --replicas=5 -n ${ws.namespace}` });

    await kubectlOk(ws, ['scale', 'deployment', 'fastapi-k8s', '--replicas=5', '-n', ws.namespace]);
    await rolledOut();
    const after = await checkJson(ws, 'first-deployment');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
  });

  it('--skip-tries leaves the apply to the learner and check 3 names it; the guide\'s own YAML, typed in, passes; a named targetPort passes by meaning', async () => {
    await ws.tutor(['reset', '--yes', '--progress']);
    const run = await ws.tutor(['lesson', '3', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('No Deployment fastapi-k8s yet: applying the file is still yours to do');
    const before = await checkJson(ws, 'first-deployment');
    expect(before.exitCode).toBe(1);
    expect(before.report.checks[0]).toMatchObject({ name: DEPLOYMENT_CHECK, message: `Deployment fastapi-k8s does not exist in namespace ${ws.namespace}`, fix: `kubectl apply -f ${ws.workdir}/manifests/k8s.yaml -n ${ws.namespace}` });

    // The guide's YAML as printed (image fastapi-k8s:latest, no labels of the tutor's), adapted only by -n.
    expect((await ws.kubectl(['apply', '-f', '-', '-n', ws.namespace], { input: GUIDE_K8S_YAML })).exitCode).toBe(0);
    await rolledOut();
    const guide = await checkJson(ws, 'first-deployment');
    expect(guide.report.passed, JSON.stringify(guide.report.checks)).toBe(true);

    // targetPort by name: the guide's pods name no port, so "http" leads nowhere and the check says so…
    await kubectlOk(ws, ['patch', 'service', 'fastapi-k8s', '-n', ws.namespace, '--type=json', '-p', '[{"op":"replace","path":"/spec/ports/0/targetPort","value":"http"}]']);
    const unnamed = await checkJson(ws, 'first-deployment');
    expect(unnamed.report.checks.find((c) => c.name === SERVICE_CHECK)).toMatchObject({ passed: false, message: 'Service fastapi-k8s port 80: targetPort "http" names no port of the pod\'s containers (name the container port http, or use the number 8000)' });
    // …and once the container's port 8000 is named http (the course's k8s.yaml does), it passes.
    await kubectlOk(ws, ['patch', 'deployment', 'fastapi-k8s', '-n', ws.namespace, '--type=json', '-p', '[{"op":"add","path":"/spec/template/spec/containers/0/ports/0/name","value":"http"}]']);
    await rolledOut();
    const named = await checkJson(ws, 'first-deployment');
    expect(named.report.checks.find((c) => c.name === SERVICE_CHECK)).toMatchObject({ passed: true, message: 'Service fastapi-k8s is a LoadBalancer; port 80 → targetPort "http", the container\'s port 8000' });
    expect(named.report.passed, JSON.stringify(named.report.checks)).toBe(true);
  });
});
