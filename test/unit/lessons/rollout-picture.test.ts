import { describe, expect, it } from 'vitest';
import { rolloutRow, versionAndRevisionLabel, versionLabel } from '../../../lessons/07-rolling-updates/rollout-picture.js';
import { deployment, DONE, replicaSet } from '../kube/rollout-fixtures.js';

describe('rolloutRow', () => {
  const d = deployment(DONE);
  it('draws Ready pods oldest revision first, then the ones not Ready yet', () => {
    const old = replicaSet('fastapi-k8s-aaa', 1, { replicas: 4, readyReplicas: 4 }, undefined);
    const next = replicaSet('fastapi-k8s-bbb', 2, { replicas: 2, readyReplicas: 1 }, '2.0.0');
    expect(rolloutRow(d, [next, old], (rs) => versionLabel(rs, '1.0.0'))).toBe('[v1] [v1] [v1] [v1] [v2] [v2…]');
  });
  it('says so when no pod exists (the gap in a Recreate)', () => {
    expect(rolloutRow(d, [replicaSet('fastapi-k8s-aaa', 1, { replicas: 0 }, undefined)])).toBe('(no pods: nothing can answer)');
  });
  it('tells a restart\'s new pods from the old ones, which run the same version, by their revision', () => {
    const old = replicaSet('fastapi-k8s-aaa', 3, { replicas: 4, readyReplicas: 4 }, undefined);
    const next = replicaSet('fastapi-k8s-bbb', 4, { replicas: 2, readyReplicas: 1 }, undefined);
    expect(rolloutRow(d, [next, old], (rs) => versionAndRevisionLabel(rs, '1.0.0'))).toBe('[v1 r3] [v1 r3] [v1 r3] [v1 r3] [v1 r4] [v1 r4…]');
  });
  it('labels by revision when the template has no version', () => {
    expect(versionLabel(replicaSet('fastapi-k8s-aaa', 3, {}, undefined))).toBe('r3');
    expect(versionLabel(replicaSet('fastapi-k8s-aaa', 3, {}, '10.2.0'))).toBe('v10');
  });
});
