import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, workspace } from '../support/harness.js';
import { localCa, allLessons, tokenKubeconfig } from '../support/safety.js';

/**
 * Issue 7 item 5: a ServiceAccount bound to manifests/rbac-minimum.yaml's Role, in a namespace an
 * admin made. Lessons that need nothing cluster-scoped pass with it; the others end cleanly with a
 * sentence, never a stack trace.
 */

const ws = workspace('safety-rbac');
let learner = '';

beforeAll(async () => {
  await ws.kubectl(['create', 'namespace', ws.namespace]);
  const applied = await ws.kubectl(['apply', '-n', ws.namespace, '-f', join(repoRoot, 'manifests', 'rbac-minimum.yaml')]);
  if (applied.exitCode !== 0) throw new Error(applied.stderr);
  const token = await ws.kubectl(['create', 'token', 'k8s-tutor-learner', '-n', ws.namespace, '--duration=2h']);
  if (token.exitCode !== 0) throw new Error(token.stderr);
  learner = tokenKubeconfig({ context: 'k8s-tutor-local', server: 'https://127.0.0.1:6443', token: token.stdout.trim(), caData: localCa() });
}, 120_000);

afterAll(async () => {
  await ws.kubectl(['delete', 'namespace', ws.namespace, '--wait=true'], { timeoutMs: 180_000 });
});

describe('least privilege: the Role in manifests/rbac-minimum.yaml', () => {
  it('is really namespace-bound: no nodes, no StorageClasses, no PersistentVolumes, no other namespace', async () => {
    const can = async (...args: string[]) => (await ws.kubectl(['auth', 'can-i', ...args, '--as', `system:serviceaccount:${ws.namespace}:k8s-tutor-learner`])).stdout.trim();
    expect(await can('list', 'nodes')).toBe('no');
    expect(await can('list', 'storageclasses')).toBe('no');
    expect(await can('create', 'persistentvolumes')).toBe('no');
    expect(await can('create', 'deployments', '-n', 'default')).toBe('no');
    expect(await can('create', 'deployments.apps', '-n', ws.namespace)).toBe('yes');
    expect(await can('get', `namespace/${ws.namespace}`, '-n', ws.namespace)).toBe('yes');
  });

  it('lessons 2-4 pass with it, and their checks agree', async () => {
    for (const lesson of ['core-concepts', 'first-deployment', 'deploying-and-verifying']) {
      const run = await ws.tutor(['lesson', lesson, '--yes', '--kubeconfig', learner], { timeoutMs: 600_000 });
      expect(run.exitCode, `${lesson}\n${run.stdout.slice(-2000)}\n${run.stderr}`).toBe(0);
      const check = await ws.tutor(['check', lesson, '--json', '--kubeconfig', learner]);
      expect(JSON.parse(check.stdout), lesson).toMatchObject({ passed: true });
    }
  }, 1_200_000);

  it('every other written lesson passes or ends with a plain sentence (no stack trace); doctor names what is missing', async () => {
    const results: string[] = [];
    for (const lesson of (await allLessons(ws)).filter((l) => l.number < 2 || l.number > 4)) {
      const run = await ws.tutor(['lesson', lesson.id, '--yes', '--kubeconfig', learner], { timeoutMs: 600_000 });
      expect([0, 1, 2], `${lesson.id}\n${run.stderr}`).toContain(run.exitCode);
      expect(run.stderr + run.stdout, lesson.id).not.toMatch(/^\s+at \S/m);
      if (run.exitCode === 2) expect(run.stderr, lesson.id).toMatch(/^k8s-tutor: .+\n {2}hint: .+/);
      const said = run.exitCode === 0 ? 'passed' : (run.stderr.split('\n')[0] || run.stdout.split('\n').filter((l) => l.startsWith('✘')).slice(-2).join(' / '));
      results.push(`lesson ${lesson.number} ${lesson.id}: exit ${run.exitCode}: ${said}`);
    }
    console.log(`least privilege:\n${results.join('\n')}`);
    expect(results.length).toBeGreaterThanOrEqual(1);
    // Networking only reads cluster-wide things (other namespaces' node ports, the node's address) to explain: a 403 there must not end it.
    expect(results).toContain('lesson 10 networking: exit 0: passed');
    // Lesson 1 reads the nodes, which a namespaced Role cannot grant: its check says so.
    const nodes = await ws.tutor(['check', 'what-is-kubernetes', '--json', '--kubeconfig', learner]);
    const report = JSON.parse(nodes.stdout) as { checks: { name: string; passed: boolean; message: string }[] };
    expect(report.checks.find((c) => c.name === 'at least one node is Ready')).toMatchObject({ passed: false, message: expect.stringMatching(/not allowed: nodes is forbidden/) });

    // Doctor is a preflight: the namespace's permissions are there, the cluster-wide reads are not, so some lessons adapt or stop (exit 1).
    const doctor = await ws.tutor(['doctor', '--kubeconfig', learner]);
    expect([0, 1], doctor.stdout + doctor.stderr).toContain(doctor.exitCode);
    expect(doctor.stdout + doctor.stderr).not.toMatch(/^\s+at \S/m);
  }, 3_600_000);

  it('reset works with it too, and deletes only labelled objects', async () => {
    const reset = await ws.tutor(['reset', '--yes', '--kubeconfig', learner], { timeoutMs: 300_000 });
    expect(reset.exitCode, reset.stderr).toBe(0);
    // Pods end gracefully (the app keeps serving a few seconds after SIGTERM); wait for them to go.
    await ws.kubectl(['wait', '--for=delete', 'pods', '-l', 'app.kubernetes.io/managed-by=k8s-tutor', '-n', ws.namespace, '--timeout=120s'], { timeoutMs: 150_000 });
    const left = await ws.kubectl(['get', 'deployments,pods,services,configmaps,secrets,persistentvolumeclaims', '-n', ws.namespace, '-l', 'app.kubernetes.io/managed-by=k8s-tutor', '-o', 'name']);
    expect(left.stdout.trim()).toBe('');
    // The admin's Role, binding and ServiceAccount carry no tutor label and stay.
    const kept = await ws.kubectl(['get', 'role,rolebinding,serviceaccount', 'k8s-tutor-learner', '-n', ws.namespace, '-o', 'name']);
    expect(kept.stdout.trim().split('\n')).toHaveLength(3);
  }, 600_000);
});
