import { describe, expect, it } from 'vitest';
import { labelForTutor } from '../../../src/kube/label.js';

describe('labelForTutor', () => {
  it('labels the object and its pod template, and places it in the tutor namespace', () => {
    const labelled = labelForTutor(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fastapi-k8s', labels: { app: 'fastapi-k8s' } }, spec: { template: { metadata: { labels: { app: 'fastapi-k8s' } } } } },
      'k8s-tutor',
    );
    expect(labelled.metadata).toMatchObject({ namespace: 'k8s-tutor', labels: { app: 'fastapi-k8s', 'app.kubernetes.io/managed-by': 'k8s-tutor' } });
    expect((labelled.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels).toEqual({ app: 'fastapi-k8s', 'app.kubernetes.io/managed-by': 'k8s-tutor' });
  });

  it('does not give cluster-scoped objects a namespace, and does not change the original', () => {
    const original = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' } };
    const labelled = labelForTutor(original, 'k8s-tutor');
    expect(labelled.metadata.namespace).toBeUndefined();
    expect(original.metadata).toEqual({ name: 'pv' });
  });
});
