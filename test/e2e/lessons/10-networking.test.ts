import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace, type Workspace } from '../support/harness.js';
import { checkPassesWithin, kubectlOk } from '../support/lessons.js';

// Node port 30080 is cluster-wide, so the two namespaces take turns: each is reset before the next begins.
const ws = workspace('networking');
const wsk = workspace('networking-kubectl');
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

/** Other test files (or a learner's namespace) may hold node port 30080 for a while: wait for it, bounded. */
async function nodePortFree(w: Workspace, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await w.kubectl(['get', 'svc', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}:{.spec.ports[*].nodePort}{"\\n"}{end}']);
    const holders = run.stdout.split('\n').filter((l) => /[: ]30080\b/.test(l));
    if (holders.length === 0) return;
    if (Date.now() > deadline) throw new Error(`node port 30080 is still held by ${holders.join(', ')}`);
    await new Promise((r) => setTimeout(r, 3_000));
  }
}

describe('lesson 10: networking', () => {
  it('--skip-tries: check names the Services and the in-cluster request; a pod that makes no request does not pass; the guide\'s YAML and the printed command do', async () => {
    const skipped = await wsk.tutor(['lesson', 'networking', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' } });
    expect(skipped.stdout).toContain('Left for you (--skip-tries)');
    const before = await checkJson(wsk, 'networking');
    expect(before.exitCode).toBe(1);
    expect(before.report.checks.map((c) => c.message)).toEqual([
      `no Service of type NodePort in namespace ${wsk.namespace}: the step "apply the Services" is not done`,
      `no Ingress in namespace ${wsk.namespace}: the step "apply the Services" is not done`,
      expect.stringMatching(/^no pod has been run since .*: the step "run a one-shot pod that fetches the Service" is not done$/),
    ]);
    expect(before.report.checks[1]!.fix).toBe(`kubectl apply -f ${wsk.workdir}/manifests/services.yaml -n ${wsk.namespace}`);

    // The guide's §10 YAML, as printed there (the NodePort without its optional nodePort, so no fixed port is taken; the Ingress verbatim).
    const nodePort = `apiVersion: v1
kind: Service
metadata:
  name: fastapi-k8s-nodeport
spec:
  type: NodePort
  selector:
    app: fastapi-k8s
  ports:
    - port: 80
      targetPort: 8000
`;
    const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: my-ingress
spec:
  rules:
    - host: myapp.local
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: fastapi-k8s
                port:
                  number: 80
`;
    for (const yaml of [nodePort, ingress]) {
      const applied = await wsk.kubectl(['apply', '-f', '-', '-n', wsk.namespace], { input: yaml });
      expect(applied.exitCode, applied.stderr).toBe(0);
    }
    // A one-shot pod that asks nothing: it succeeds, and still is no request.
    await kubectlOk(wsk, ['run', 'net-test-true', '--image=fastapi-k8s:1.0.0', '--image-pull-policy=Never', '--restart=Never', '-n', wsk.namespace, '--command', '--', 'node', '-e', '0']);
    await kubectlOk(wsk, ['wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/net-test-true', '-n', wsk.namespace, '--timeout=90s']);
    const middle = await checkJson(wsk, 'networking');
    expect(middle.report.checks.filter((c) => !c.passed).map((c) => c.message)).toEqual([
      expect.stringMatching(/^pod net-test-true printed no answer from fastapi-k8s/),
    ]);

    // The command check prints, pasted into a shell in an empty folder.
    const fix = middle.report.checks.find((c) => !c.passed)!.fix!;
    expect(fix).toContain(`kubectl run net-test --image=fastapi-k8s:1.0.0 --image-pull-policy=Never --restart=Never -n ${wsk.namespace} --command -- node -e`);
    const shell = await execa('bash', ['-c', fix], { cwd: mkdtempSync(join(tmpdir(), 'k8s-tutor-paste-')), env: wsk.env, reject: false });
    expect(shell.exitCode, shell.stderr).toBe(0);
    await kubectlOk(wsk, ['wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/net-test', '-n', wsk.namespace, '--timeout=90s']);
    const after = await checkPassesWithin(wsk, 'networking');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.report.checks.map((c) => c.message)).toEqual([
      expect.stringMatching(/^Service fastapi-k8s-nodeport: NodePort \d+ → port 80 → the app's 8000$/),
      'Ingress my-ingress routes to Service fastapi-k8s:80',
      expect.stringMatching(/^pod net-test printed the app's answer, from pod fastapi-k8s-\S+$/),
    ]);
    await cleanup(wsk);
  });

  it('runs with --yes on a fresh namespace: the Services side by side, the Ingress, an in-cluster request', async () => {
    await nodePortFree(ws);
    const run = await ws.tutor(['lesson', 'networking', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/fastapi-k8s-nodeport\s+NodePort\s+\S+\s+<none>\s+80:30080\/TCP/);
    expect(run.stdout).toMatch(/\d+\.\d+\.\d+\.\d+:30080 {2}──► {2}\S+:80 {2}──► {2}\S+:8000/);
    // No IngressClass here: the lesson says the Ingress stays without an address.
    expect(run.stdout).toContain('This cluster has no IngressClass');
    expect(run.stdout).toMatch(/200 \{"message":"Hello from fastapi-k8s!"/);
    expect(run.stdout).toMatch(/pod net-test\S* printed the app's answer, from pod fastapi-k8s-/);
    expect(run.stdout).toMatch(/By name: cluster DNS|By ClusterIP, from its environment/);
    const { exitCode, report } = await checkJson(ws, 'networking');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
    await cleanup(ws);
  });
});
