import { describe, expect, it } from 'vitest';
import { labelForTutor } from '../../../src/kube/label.js';
import { LAST_APPLIED_ANNOTATION, withLastApplied } from '../../../src/kube/last-applied.js';

describe('withLastApplied', () => {
  it('records the object as `kubectl apply -f FILE -n NS` does: keys in order, the namespace, empty annotations, a final newline', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fastapi-config' }, data: { LOG_LEVEL: 'info', APP_ENV: 'production' } };
    const recorded = withLastApplied(configMap, 'learner');
    expect(recorded.metadata.annotations?.[LAST_APPLIED_ANNOTATION]).toBe(
      '{"apiVersion":"v1","data":{"APP_ENV":"production","LOG_LEVEL":"info"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"fastapi-config","namespace":"learner"}}\n',
    );
    expect(configMap.metadata).toEqual({ name: 'fastapi-config' });
  });

  it('keeps the file\'s own annotations and lists, replaces an earlier record, and leaves cluster-scoped objects without a namespace', () => {
    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'app', annotations: { note: 'x', [LAST_APPLIED_ANNOTATION]: 'old' } },
      spec: { replicas: 4, template: { spec: { containers: [{ name: 'app', ports: [{ containerPort: 8000 }] }] } } },
    };
    const record = withLastApplied(deployment, 'ns').metadata.annotations!;
    expect(record.note).toBe('x');
    expect(JSON.parse(record[LAST_APPLIED_ANNOTATION]!)).toEqual({ ...deployment, metadata: { name: 'app', namespace: 'ns', annotations: { note: 'x' } } });
    const volume = withLastApplied({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' } }, 'ns');
    expect(volume.metadata.annotations?.[LAST_APPLIED_ANNOTATION]).toBe('{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"annotations":{},"name":"pv"}}\n');
  });

  it('is taken before the tutor\'s label, so that the learner\'s next apply of the file does not take the label away', () => {
    const labelled = labelForTutor(withLastApplied({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { app: 'a' } } }, 'ns'), 'ns');
    expect(labelled.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'k8s-tutor' });
    expect(labelled.metadata.annotations?.[LAST_APPLIED_ANNOTATION]).not.toContain('managed-by');
  });
});
