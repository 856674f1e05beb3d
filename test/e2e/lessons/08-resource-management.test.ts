import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('resource-management');
beforeAll(() => afterLessonThree(ws));
afterAll(() => cleanup(ws));

const GUIDE_DEPLOYMENT_WITH_RESOURCES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fastapi-k8s
  labels:
    app: fastapi-k8s
spec:
  replicas: 5
  selector:
    matchLabels:
      app: fastapi-k8s
  template:
    metadata:
      labels:
        app: fastapi-k8s
    spec:
      containers:
        - name: fastapi-k8s
          image: fastapi-k8s:latest
          imagePullPolicy: Never
          ports:
            - containerPort: 8000
          resources:
            requests:
              cpu: "100m"
              memory: "128Mi"
            limits:
              cpu: "500m"
              memory: "256Mi"
`;

describe('lesson 8: resource-management', () => {
  it('--skip-tries: the tutor\'s own fix (an undo) does not set the requests; check names them; then the guide\'s own YAML and top pass it', async () => {
    const skipped = await ws.tutor(['lesson', 'resource-management', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' } });
    expect(skipped.stdout).toContain('Left for you (--skip-tries)');
    expect(skipped.stdout).toMatch(/FailedScheduling \(pod fastapi-k8s-\S+\): 0\/\d+ nodes are available: .*Insufficient cpu/);
    const before = await checkJson(ws, 'resource-management');
    expect(before.exitCode).toBe(1);
    expect(before.report.checks.find((c) => !c.passed)).toMatchObject({
      message: 'Deployment fastapi-k8s: requests is not set; this lesson expects {"cpu":"100m","memory":"128Mi"}',
      fix: `kubectl apply -f ${ws.workdir}/manifests/deployment-resources.yaml -n ${ws.namespace}`,
    });

    // The guide's §3 Deployment with §8's resources, as a learner types them (image fastapi-k8s:latest).
    const applied = await ws.kubectl(['apply', '-f', '-', '-n', ws.namespace], { input: GUIDE_DEPLOYMENT_WITH_RESOURCES });
    expect(applied.exitCode, applied.stderr).toBe(0);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=150s']);
    // The guide's `kubectl top pods -l app=fastapi-k8s`: new pods may have no numbers for a minute, so only run it.
    await ws.kubectl(['top', 'pods', '-l', 'app=fastapi-k8s', '-n', ws.namespace]);
    const after = await checkPassesWithin(ws, 'resource-management');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
  });

  it('runs with --yes: Pending on too big a request, an OOMKill with restart, usage against requests', async () => {
    // Back to the course's Deployment (the guide's YAML has no tutor label on its pods).
    await kubectlOk(ws, ['apply', '-f', `${ws.workdir}/manifests/k8s.yaml`, '-n', ws.namespace]);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=150s']);
    const run = await ws.tutor(['lesson', 'resource-management', '--yes', '--restart'], { timeoutMs: 300_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/cpu_request 100m, cpu_limit 500m, memory_request 128Mi, memory_limit 256Mi/);
    expect(run.stdout).toMatch(/\s0\/1\s+Pending\s/);
    expect(run.stdout).toMatch(/FailedScheduling \(pod fastapi-k8s-\S+\): 0\/\d+ nodes are available: .*Insufficient cpu/);
    expect(run.stdout).toMatch(/back to revision \d+'s template/);
    expect(run.stdout).toContain('The downward API');
    expect(run.stdout).toMatch(/container restarted \(RESTARTS 1\), last exit: OOMKilled, exit code 137/);
    expect(run.stdout).toContain('lastState.terminated.reason: OOMKilled');
    expect(run.stdout).toMatch(/NAME\s+CPU\s+VS REQUEST\s+MEMORY\s+VS REQUEST|metrics-server has no numbers for these pods yet/);
    const { exitCode, report } = await checkJson(ws, 'resource-management');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);

    // The tutor applied the file for the learner as kubectl would: the learner's own apply of it is quiet,
    // and finds the same last-applied record it would have written (so it has nothing to change there).
    const record = ['get', 'deployment', 'fastapi-k8s', '-n', ws.namespace, '-o', 'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'];
    const byTutor = await ws.kubectl(record);
    expect(byTutor.stdout).toContain('"requests":{"cpu":"100m","memory":"128Mi"}');
    const again = await ws.kubectl(['apply', '-f', `${ws.workdir}/manifests/deployment-resources.yaml`, '-n', ws.namespace]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('Warning');
    expect((await ws.kubectl(record)).stdout).toBe(byTutor.stdout);
    const labels = await ws.kubectl(['get', 'deployment', 'fastapi-k8s', '-n', ws.namespace, '-o', 'jsonpath={.metadata.labels}']);
    expect(labels.stdout).toContain('"app.kubernetes.io/managed-by":"k8s-tutor"');
  });
});
