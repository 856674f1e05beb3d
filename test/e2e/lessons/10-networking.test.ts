import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace, type Workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

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
  it('runs with --yes on a fresh namespace: the Services side by side, the Ingress, an in-cluster request', async () => {
    await nodePortFree(ws);
    const run = await ws.tutor(['lesson', 'networking', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/fastapi-k8s-nodeport\s+NodePort\s+\S+\s+<none>\s+80:30080\/TCP/);
    expect(run.stdout).toMatch(/\d+\.\d+\.\d+\.\d+:30080 {2}──► {2}\S+:80 {2}──► {2}\S+:8000/);
    // No IngressClass here: the lesson says the Ingress stays without an address.
    expect(run.stdout).toContain('This cluster has no IngressClass');
    expect(run.stdout).toMatch(/200 \{"message":"Hello from fastapi-k8s!"/);
    expect(run.stdout).toMatch(/By name: cluster DNS|By ClusterIP, from its environment/);
    const { exitCode, report } = await checkJson(ws, 'networking');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
    await cleanup(ws);
  });

  it('the learner\'s own kubectl: check fails, then services.yaml and the printed kubectl run pass it', async () => {
    await afterLessonThree(wsk);
    const before = await checkJson(wsk, 'networking');
    expect(before.exitCode).toBe(1);
    const byName = Object.fromEntries(before.report.checks.map((c) => [c.name, c]));
    expect(byName['Service fastapi-k8s-nodeport: NodePort 30080 → 8000']!.message).toBe(`Service fastapi-k8s-nodeport does not exist in namespace ${wsk.namespace}`);
    expect(byName['Ingress fastapi-k8s exists']!.fix).toBe(`kubectl apply -f ${wsk.workdir}/manifests/services.yaml -n ${wsk.namespace}`);
    const request = before.report.checks.find((c) => c.name.includes('net-test'))!;
    expect(request.message).toBe('pod net-test does not exist: no such request was made yet');

    await nodePortFree(wsk);
    await kubectlOk(wsk, ['apply', '-f', 'manifests/services.yaml', '-n', wsk.namespace]);
    // The fix printed by check, now that the Service exists, run as the learner would paste it.
    const fix = (await checkJson(wsk, 'networking')).report.checks.find((c) => c.name.includes('net-test'))!.fix!;
    const script = /node -e "(.*)"$/.exec(fix)?.[1];
    expect(script, fix).toBeTruthy();
    expect(fix).toContain(`kubectl run net-test --image=fastapi-k8s:1.0.0 --image-pull-policy=Never --restart=Never -n ${wsk.namespace} --command -- node -e`);
    await kubectlOk(wsk, ['run', 'net-test', '--image=fastapi-k8s:1.0.0', '--image-pull-policy=Never', '--restart=Never', '-n', wsk.namespace, '--command', '--', 'node', '-e', script!]);
    await kubectlOk(wsk, ['wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/net-test', '-n', wsk.namespace, '--timeout=90s']);
    const after = await checkPassesWithin(wsk, 'networking');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
  });
});
