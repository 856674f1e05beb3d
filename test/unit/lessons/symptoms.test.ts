import { describe, expect, it } from 'vitest';
import { podShowing, podShows } from '../../../lessons/lib/checks/symptoms.js';
import { FakeKube, object } from '../fake-kube.js';

const pod = (name: string, status: Record<string, unknown>) => object('v1', 'Pod', name, { status }, { labels: { app: 'fastapi-k8s' } });
const creating = pod('new-creating', { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } }, restartCount: 0 }] });
const crashed = pod('new-crashed', { phase: 'Running', containerStatuses: [{ state: { terminated: { reason: 'Error', exitCode: 1 } }, restartCount: 0 }] });
const looping = pod('new-looping', { phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } }, restartCount: 2, lastState: { terminated: { reason: 'Error' } } }] });
const running = pod('old-running', { phase: 'Running', containerStatuses: [{ state: { running: {} }, restartCount: 0 }] });
const unschedulable = pod('pending', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] });

describe('podShowing', () => {
  it('skips a pod that is still being created and picks the one that crashed', () => {
    expect(podShowing([running, creating, crashed], ['CrashLoopBackOff', 'Error'])?.metadata.name).toBe('new-crashed');
    expect(podShowing([creating, looping], ['CrashLoopBackOff', 'Error'])?.metadata.name).toBe('new-looping');
  });

  it('sees an unschedulable pod by its PodScheduled condition', () => {
    expect(podShowing([running, unschedulable], ['Unschedulable'])?.metadata.name).toBe('pending');
  });

  it('finds nothing when no pod shows the state yet', () => {
    expect(podShowing([running, creating], ['CrashLoopBackOff', 'Error'])).toBeUndefined();
    expect(podShowing([], ['Unschedulable'])).toBeUndefined();
  });
});

describe('podShows, fresh: the pods of an earlier breakage do not count', () => {
  const revision = (n: number) => ({ annotations: { 'deployment.kubernetes.io/revision': String(n) } });
  const missing = (name: string, rs: string, extra: Record<string, unknown> = {}) =>
    object('v1', 'Pod', name, { status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ErrImageNeverPull' } }, restartCount: 0 }] } }, {
      labels: { app: 'fastapi-k8s' }, ownerReferences: [{ kind: 'ReplicaSet', name: rs }], ...extra,
    });
  const deployment = (rev: number, generation: number, observed: number) =>
    object('apps/v1', 'Deployment', 'fastapi-k8s', { status: { observedGeneration: observed } }, { uid: 'deployment-uid', generation, ...revision(rev) });
  const replicaSet = (name: string, rev: number) => object('apps/v1', 'ReplicaSet', name, {}, {
    labels: { app: 'fastapi-k8s' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'fastapi-k8s', uid: 'deployment-uid', controller: true }], ...revision(rev),
  });

  it('only pods of the current ReplicaSet, not being deleted, once the controller has seen the change', async () => {
    const kube = new FakeKube([replicaSet('rs-1', 1), missing('challenge-1', 'rs-1'), deployment(1, 2, 1)]);
    const check = podShows('fastapi-k8s', ['ErrImageNeverPull'], { fresh: true });
    const ctx = { kube, namespace: kube.namespace };
    expect((await check.evaluate(ctx)).passed).toBe(false); // the patch is not observed yet
    kube.put(deployment(2, 2, 2));
    kube.put(replicaSet('rs-2', 2));
    expect((await check.evaluate(ctx)).passed).toBe(false); // challenge 1's pod is not challenge 2's
    kube.put(missing('leaving', 'rs-2', { deletionTimestamp: new Date().toISOString() }));
    expect((await check.evaluate(ctx)).passed).toBe(false);
    kube.put(missing('challenge-2', 'rs-2'));
    expect(await check.evaluate(ctx)).toMatchObject({ passed: true, message: 'pod challenge-2: ErrImageNeverPull' });
  });
});
