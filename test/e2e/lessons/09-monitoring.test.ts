import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('monitoring');
afterAll(() => cleanup(ws));

describe('lesson 9: monitoring', () => {
  it('--skip-tries on a fresh namespace: check names the request to find in the logs; then the guide\'s own kubectl logs pass it', async () => {
    const skipped = await ws.tutor(['lesson', 'monitoring', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' } });
    expect(skipped.stdout).toContain('Left for you (--skip-tries)');
    expect(skipped.stdout).toMatch(/Read from all 5 replicas/);
    expect(skipped.stdout).toContain('at most 5 by default (--max-log-requests): with more pods it stops with an error');
    const before = await checkJson(ws, 'monitoring');
    expect(before.exitCode).toBe(1);
    const failed = before.report.checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.message)).toEqual([
      'Deployment fastapi-k8s: livenessProbe is not set',
      expect.stringMatching(/^no replica has logged a GET \/version since .*: the step "send a request and find it in the logs" is not done$/),
    ]);
    // Any running app used to pass: the tutor's own requests (GET /, /health) are no request of the learner's.

    await kubectlOk(ws, ['apply', '-f', `${ws.workdir}/manifests/deployment-resources.yaml`, '-n', ws.namespace]);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=150s']);
    // The printed fix, pasted into a shell from an empty folder, then the guide's §9 commands (adapted by -n).
    const fix = (await checkJson(ws, 'monitoring')).report.checks.find((c) => c.name.includes('/version'))!.fix!;
    const sent = await ws.kubectl(['get', '--raw', `/api/v1/namespaces/${ws.namespace}/services/fastapi-k8s:80/proxy/version`]);
    expect(sent.exitCode, sent.stderr).toBe(0);
    expect(fix).toContain(`kubectl get --raw /api/v1/namespaces/${ws.namespace}/services/fastapi-k8s:80/proxy/version`);
    // Right after a rollout, `kubectl logs -l` may list an old pod that is gone a moment later (NotFound): ask again, bounded.
    let logs = await ws.kubectl(['logs', '-l', 'app=fastapi-k8s', '-n', ws.namespace]);
    for (let tries = 0; logs.exitCode !== 0 && tries < 20; tries++) {
      await new Promise((r) => setTimeout(r, 2_000));
      logs = await ws.kubectl(['logs', '-l', 'app=fastapi-k8s', '-n', ws.namespace]);
    }
    expect(logs.exitCode, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('"path":"/version"');
    // Not a pod of the old ReplicaSet that is still shutting down (it may be gone by the next command).
    const listed = JSON.parse(await kubectlOk(ws, ['get', 'pods', '-l', 'app=fastapi-k8s', '-n', ws.namespace, '-o', 'json'])) as { items: { metadata: { name: string; deletionTimestamp?: string } }[] };
    const pod = listed.items.find((p) => !p.metadata.deletionTimestamp)!.metadata.name;
    await kubectlOk(ws, ['logs', pod, '-n', ws.namespace]);
    await kubectlOk(ws, ['describe', 'pod', pod, '-n', ws.namespace]);
    const after = await checkPassesWithin(ws, 'monitoring');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.report.checks.map((c) => c.message)).toContainEqual(expect.stringMatching(/^pod fastapi-k8s-\S+ logged GET \/version → 200 at /));
    expect(after.exitCode).toBe(0);
  });

  it('runs with --yes: logs of every replica, a live follow, the learner\'s request found, top, /health', async () => {
    const run = await ws.tutor(['lesson', 'monitoring', '--yes', '--restart']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Read from all 5 replicas/);
    // The learner applied lesson 8's file above: the step that asks for it says so instead of passing by itself.
    expect(run.stdout).toContain('Not on this cluster: your Deployment already has a liveness probe on the app\'s port and lesson 8\'s requests and limits');
    expect(run.stdout).toMatch(/\[pod\/fastapi-k8s-\S+\] \{"time":.*"path":"\/","status":200/);
    expect(run.stdout).toMatch(/pod fastapi-k8s-\S+ logged GET \/version → 200/);
    expect(run.stdout).toMatch(/Liveness:\s+http-get :8000\/health every 10s/);
    // This cluster runs metrics-server: top shows the node's usage, and the guide's install commands are named as not needed.
    expect(run.stdout).toMatch(/NODE\s+CPU\s+MEMORY\n\s+\S+\s+\d+m\s+\d+Mi/);
    expect(run.stdout).toContain('install commands');
    expect(run.stdout).toContain('HTTP 200: {"status":"healthy"}');
    const { exitCode, report } = await checkJson(ws, 'monitoring');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  });
});
