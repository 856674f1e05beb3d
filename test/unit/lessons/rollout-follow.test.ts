import { describe, expect, it } from 'vitest';
import { changeUnderTraffic, followRollout, TAIL_MS, trafficLines } from '../../../lessons/07-rolling-updates/rollout.js';
import { restartLegend } from '../../../lessons/07-rolling-updates/steps.js';
import { createLessonContext } from '../../../src/course/context.js';
import { InterruptedError } from '../../../src/errors.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { PlainUi } from '../../../src/ui/plain.js';
import { FakeKube } from '../fake-kube.js';
import { deployment, DEPLOYMENT_UID, DONE, replicaSet } from '../kube/rollout-fixtures.js';

/**
 * Lesson 7's rollout under traffic, on a fake cluster: it ends when the Deployment's own status says
 * the rollout is done (as `kubectl rollout status` does), whatever else runs in the namespace, and
 * Ctrl-C ends it at once, its watches and its traffic stopped.
 */

const ROLLING = { ...DONE, observedGeneration: 9, updatedReplicas: 1, replicas: 6, availableReplicas: 5, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }] };
const FINISHED = { ...DONE, observedGeneration: 9 };

/** Lesson 2's Deployment, left running in the namespace: its ReplicaSet keeps one pod. */
const otherDeploymentsReplicaSet: KubeObject = {
  ...replicaSet('core-demo-5d9f7', 1, { replicas: 1, readyReplicas: 1 }, undefined),
  metadata: { name: 'core-demo-5d9f7', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'core-demo', uid: 'core-demo-uid', controller: true }], annotations: { 'deployment.kubernetes.io/revision': '1' } },
};

function setUp(proxyCalls = { count: 0 }) {
  const kube = new FakeKube([
    { ...deployment(DONE, 8), metadata: { ...deployment(DONE, 8).metadata, uid: DEPLOYMENT_UID, annotations: { 'deployment.kubernetes.io/revision': '1' } } },
    replicaSet('fastapi-k8s-aaa', 1, { replicas: 5, readyReplicas: 5 }, undefined),
    otherDeploymentsReplicaSet,
  ]);
  kube.proxy = async () => {
    proxyCalls.count++;
    return { status: 200, body: '{"version":"1.0.0"}' };
  };
  const lines: string[] = [];
  const controller = new AbortController();
  const ui = new PlainUi({ write: (text: string) => void lines.push(text) });
  const ctx = createLessonContext({ kube, ui, cluster: { name: 'kind-x', cluster: 'kind-x', user: 'u', server: 'https://127.0.0.1:6443', flavor: 'kind' }, yes: true, signal: controller.signal });
  /** The Deployment as the controller updates it: the new generation, then its status. */
  const setDeployment = (generation: number, status: Record<string, unknown>) => {
    const current = kube.objects.get(`Deployment/${kube.namespace}/fastapi-k8s`)!;
    kube.put({ ...current, metadata: { ...current.metadata, generation }, status });
  };
  return { kube, ctx, lines, controller, setDeployment, proxyCalls };
}

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lesson 7: following a rollout', () => {
  it('ends when the Deployment\'s status says done, though another Deployment\'s ReplicaSet keeps its pod', async () => {
    const { kube, ctx, lines, setDeployment } = setUp();
    const following = followRollout(ctx, async () => setDeployment(9, { ...DONE }), { timeoutMs: 5_000 });
    await later(20);
    // The fake's watches deliver no initial list: what the real ones would have listed, again.
    kube.put(otherDeploymentsReplicaSet);
    kube.put(replicaSet('fastapi-k8s-aaa', 1, { replicas: 5, readyReplicas: 5 }, undefined));
    setDeployment(9, ROLLING);
    kube.put(replicaSet('fastapi-k8s-bbb', 2, { replicas: 1, readyReplicas: 1 }, '2.0.0'));
    await later(20);
    const finishedAt = Date.now();
    setDeployment(9, FINISHED);
    kube.put(replicaSet('fastapi-k8s-aaa', 1, { replicas: 0 }, undefined));
    kube.put(replicaSet('fastapi-k8s-bbb', 2, { replicas: 5, readyReplicas: 5 }, '2.0.0'));
    const outcome = await following;
    expect(outcome.finished).toBe(true);
    expect(Date.now() - finishedAt).toBeLessThan(100);
    expect(lines.join('')).toContain('[v1] [v1] [v1] [v1] [v1] [v2]\n');
    expect(lines.at(-1)).toContain('[v2] [v2] [v2] [v2] [v2]\n');
    expect(kube.watcherCount).toBe(0);
  });

  it('is not done while the change is not yet observed (generation ahead of observedGeneration)', async () => {
    const { ctx, setDeployment } = setUp();
    const outcome = await followRollout(ctx, async () => setDeployment(9, DONE), { timeoutMs: 200 });
    expect(outcome).toMatchObject({ finished: false });
  });

  it('Ctrl-C ends it at once with InterruptedError, its watches stopped', async () => {
    const { kube, ctx, controller, setDeployment } = setUp();
    const following = followRollout(ctx, async () => setDeployment(9, ROLLING), { timeoutMs: 50_000 });
    await later(30);
    const abortedAt = Date.now();
    controller.abort();
    await expect(following).rejects.toBeInstanceOf(InterruptedError);
    expect(Date.now() - abortedAt).toBeLessThan(50);
    expect(kube.watcherCount).toBe(0);
  });
});

describe('lesson 7: traffic around a rollout', () => {
  it('stops counting TAIL_MS after the rollout is done, and says so', async () => {
    const { ctx, setDeployment } = setUp();
    const started = Date.now();
    const measuring = changeUnderTraffic(ctx, async () => {
      setDeployment(9, ROLLING);
      setTimeout(() => setDeployment(9, FINISHED), 200);
    });
    const measured = await measuring;
    expect(measured.finished).toBe(true);
    expect(measured.rolloutMs).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(200 + TAIL_MS + 300);
    expect(measured.report.sent).toBeGreaterThan(0);
    expect(measured.report.elapsedMs).toBeLessThan(200 + TAIL_MS + 300);
    expect(trafficLines({ ...measured, rolloutMs: 21_340 }).at(-1)).toBe('(the rollout finished 21.3 s after the change; the tutor counted 1 s more, then stopped)');
    expect(trafficLines({ ...measured, finished: false }).at(-1)).toBe('(the rollout had not finished when the tutor stopped counting)');
  });

  it('Ctrl-C mid-rollout: rejects within 1 s and sends nothing more', async () => {
    const calls = { count: 0 };
    const { ctx, controller, setDeployment } = setUp(calls);
    const measuring = changeUnderTraffic(ctx, async () => setDeployment(9, ROLLING));
    await later(300);
    const abortedAt = Date.now();
    controller.abort();
    await expect(measuring).rejects.toBeInstanceOf(InterruptedError);
    expect(Date.now() - abortedAt).toBeLessThan(1_000);
    const sentBy = calls.count;
    await later(200);
    expect(calls.count).toBe(sentBy);
  });
});

describe('lesson 7: the restart picture\'s legend', () => {
  it('names the version the Deployment runs and the revision the restart makes', async () => {
    const { ctx, kube } = setUp();
    await kube.patch({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'fastapi-k8s' }, { metadata: { annotations: { 'deployment.kubernetes.io/revision': '7' } }, spec: { template: { spec: { containers: [{ name: 'fastapi-k8s', env: [{ name: 'APP_VERSION', value: '3.0.0' }] }] } } } });
    expect(await restartLegend(ctx)).toBe('each box is a Ready pod, by version and revision (the restart keeps the version); [v3 r8…] is a new pod not Ready yet');
  });
});
