import { describe, expect, it } from 'vitest';
import { learnerUndid, undoneSince } from '../../../lessons/07-rolling-updates/undo.js';
import type { Kube, KubeObject } from '../../../src/kube/types.js';

const deployment = (revision: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fastapi-k8s', uid: 'd1', annotations: { 'deployment.kubernetes.io/revision': String(revision) } } });
const rs = (name: string, revision: number, history?: string, owner = 'd1'): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet',
  metadata: { name, ownerReferences: [{ uid: owner }], annotations: { 'deployment.kubernetes.io/revision': String(revision), ...(history ? { 'deployment.kubernetes.io/revision-history': history } : {}) } } as unknown as KubeObject['metadata'],
});
const kube = (d: KubeObject, sets: KubeObject[]): Kube => ({ namespace: 'ns', get: async () => d, list: async () => sets }) as unknown as Kube;

describe('lesson 7: the learner\'s undo', () => {
  it('finds a ReplicaSet that an undo brought back after the starting revision, and only the Deployment\'s own', () => {
    expect(undoneSince(deployment(4), [rs('a', 1), rs('b', 4, '2'), rs('c', 3)], 3)?.metadata.name).toBe('b');
    expect(undoneSince(deployment(4), [rs('a', 1), rs('b', 4, '2')], 4)).toBeUndefined();
    expect(undoneSince(deployment(4), [rs('x', 4, '2', 'other')], 3)).toBeUndefined();
  });

  it('passes on an undo after the try-it began, fails on a new version (the tutor\'s Recreate rollout), naming the step', async () => {
    const undone = await learnerUndid.evaluate({ kube: kube(deployment(4), [rs('b', 4, '2'), rs('c', 3)]), namespace: 'ns', baseline: { revision: 3, at: 't0' } });
    expect(undone).toMatchObject({ passed: true, message: 'revision 4 brought back earlier revision 2 (ReplicaSet b)' });
    const fresh = await learnerUndid.evaluate({ kube: kube(deployment(5), [rs('b', 2), rs('c', 3), rs('d', 5)]), namespace: 'ns', baseline: { revision: 3, at: 't0' } });
    expect(fresh).toMatchObject({ passed: false, message: 'no rollback since t0 (revision 3; now 5): the step "undo the rollout" is not done', fix: 'kubectl rollout undo deployment fastapi-k8s -n ns' });
    expect(learnerUndid.latch).toBe(true);
  });
});
