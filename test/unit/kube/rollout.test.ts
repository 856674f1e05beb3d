import { describe, expect, it } from 'vitest';
import { history, ownedReplicaSets, restartPatch, revisionOf, rolloutStatus, undoAnnotations, undoTemplate } from '../../../src/kube/rollout.js';
import { deployment, DONE, replicaSet, replicaSets } from './rollout-fixtures.js';

describe('rolloutStatus (kubectl rollout status)', () => {
  it('is done when every replica is updated and available', () => {
    expect(rolloutStatus(deployment(DONE))).toMatchObject({ done: true, message: 'deployment "fastapi-k8s" successfully rolled out', updated: 5, available: 5, desired: 5 });
  });

  it('waits for the controller to observe a new spec first', () => {
    expect(rolloutStatus(deployment(DONE, 9))).toMatchObject({ done: false, message: 'Waiting for deployment "fastapi-k8s" spec update to be observed...' });
  });

  it('walks through the rolling-update stages in kubectl\'s words', () => {
    const at = (s: Record<string, unknown>) => rolloutStatus(deployment({ ...DONE, ...s })).message;
    expect(at({ updatedReplicas: 2, replicas: 6 })).toBe('Waiting for deployment "fastapi-k8s" rollout to finish: 2 out of 5 new replicas have been updated...');
    expect(at({ updatedReplicas: 5, replicas: 6 })).toBe('Waiting for deployment "fastapi-k8s" rollout to finish: 1 old replicas are pending termination...');
    expect(at({ updatedReplicas: 5, replicas: 5, availableReplicas: 4 })).toBe('Waiting for deployment "fastapi-k8s" rollout to finish: 4 of 5 updated replicas are available...');
  });

  it('reports an exceeded progress deadline as not done', () => {
    const stuck = { ...DONE, updatedReplicas: 1, replicas: 6, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] };
    expect(rolloutStatus(deployment(stuck))).toMatchObject({ done: false, message: 'deployment "fastapi-k8s" exceeded its progress deadline' });
  });
});

describe('history (kubectl rollout history)', () => {
  it('lists only the Deployment\'s own ReplicaSets, oldest revision first', () => {
    const entries = history(deployment(DONE), replicaSets);
    expect(entries.map((e) => [e.revision, e.replicaSet])).toEqual([[1, 'fastapi-k8s-77477f7bbd'], [5, 'fastapi-k8s-64f85c576f'], [6, 'fastapi-k8s-76bcbfbc9b']]);
    expect(ownedReplicaSets(deployment(DONE), replicaSets)).toHaveLength(3);
    expect(revisionOf(replicaSets[3]!)).toBe(9);
  });

  it('carries the change-cause annotation when there is one', () => {
    const annotated = replicaSets.map((rs) => (rs.metadata.name === 'fastapi-k8s-64f85c576f' ? { ...rs, metadata: { ...rs.metadata, annotations: { ...rs.metadata.annotations, 'kubernetes.io/change-cause': 'set APP_VERSION=2.0.0' } } } : rs));
    expect(history(deployment(DONE), annotated).find((e) => e.revision === 5)?.changeCause).toBe('set APP_VERSION=2.0.0');
    expect(history(deployment(DONE), replicaSets)[0]!.changeCause).toBeUndefined();
  });
});

describe('undoTemplate (kubectl rollout undo)', () => {
  it('goes back to the revision before the latest, without the pod-template-hash label', () => {
    const target = undoTemplate(deployment(DONE), replicaSets);
    expect(target.revision).toBe(5);
    const t = target.template as { metadata: { labels: Record<string, string> }; spec: { containers: { env: unknown[] }[] } };
    expect(t.metadata.labels).toEqual({ app: 'fastapi-k8s', 'app.kubernetes.io/managed-by': 'k8s-tutor' });
    expect(t.spec.containers[0]!.env).toEqual([{ name: 'APP_VERSION', value: '2.0.0' }]);
    // The ReplicaSet itself is left alone.
    expect((replicaSets[0]!.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels['pod-template-hash']).toBe('64f85c576f');
  });

  it('goes to a named revision, and refuses a missing or current one', () => {
    expect(undoTemplate(deployment(DONE), replicaSets, 1).replicaSet).toBe('fastapi-k8s-77477f7bbd');
    expect(() => undoTemplate(deployment(DONE), replicaSets, 3)).toThrow('revision 3 not found');
    expect(() => undoTemplate(deployment(DONE), replicaSets, 6)).toThrow('revision 6 is already the current one');
  });

  it('refuses when there is nothing to go back to', () => {
    expect(() => undoTemplate(deployment(DONE), [])).toThrow('has no rollout history');
    expect(() => undoTemplate(deployment(DONE), [replicaSets[1]!])).toThrow('has no previous revision to go back to');
  });
});

describe('restartPatch (kubectl rollout restart)', () => {
  it('stamps the pod template with restartedAt', () => {
    expect(restartPatch(new Date('2026-01-02T03:04:05Z'))).toEqual({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-02T03:04:05.000Z' } } } } });
  });
});

describe('undoAnnotations (the annotations kubectl rollout undo writes)', () => {
  it('keeps the Deployment\'s own (revision, last-applied) and takes the rest from the revision\'s ReplicaSet, its change-cause included', () => {
    const current = deployment(DONE);
    current.metadata.annotations = { 'deployment.kubernetes.io/revision': '6', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'kubernetes.io/change-cause': 'version 3' };
    const sets = [...replicaSets.filter((rs) => revisionOf(rs) !== 5), replicaSet('fastapi-k8s-64f85c576f', 5, { replicas: 0 }, '2.0.0', { 'kubernetes.io/change-cause': 'version 2', 'deployment.kubernetes.io/revision-history': '3' })];
    expect(undoAnnotations(current, sets, 5)).toEqual({
      'deployment.kubernetes.io/revision': '6',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'kubernetes.io/change-cause': 'version 2',
    });
  });

  it('drops a change-cause the restored revision never had', () => {
    const current = deployment(DONE);
    current.metadata.annotations = { 'deployment.kubernetes.io/revision': '6', 'kubernetes.io/change-cause': 'version 3' };
    expect(undoAnnotations(current, replicaSets, 1)).toEqual({ 'deployment.kubernetes.io/revision': '6' });
  });
});
