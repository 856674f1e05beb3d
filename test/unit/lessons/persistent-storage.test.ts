import { describe, expect, it } from 'vitest';
import { claimMounts, claimOnOneNode, mountsClaim } from '../../../lessons/12-persistent-storage/checks.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FakeKube, object } from '../fake-kube.js';

const spec = (volume: string, source: Record<string, unknown>, path = '/app/data') => ({
  containers: [{ name: 'fastapi-k8s', volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: volume, mountPath: path }] }],
  volumes: [{ name: 'tmp', emptyDir: {} }, { name: volume, ...source }],
});
const claim = { persistentVolumeClaim: { claimName: 'data-pvc' } };
const deployment = (podSpec: unknown) => object('apps/v1', 'Deployment', 'fastapi-k8s', { spec: { template: { spec: podSpec } } });
const evaluate = (check: ReturnType<typeof mountsClaim>, objects: KubeObject[]) => {
  const kube = new FakeKube(objects);
  return check.evaluate({ kube, namespace: kube.namespace });
};

describe('lesson 12: the claim, under any volume name', () => {
  it('the guide\'s and the course\'s "data", another name, a trailing slash: all mount the claim', () => {
    expect(claimMounts(spec('data', claim), 'data-pvc', '/app/data')).toEqual(['data']);
    expect(claimMounts(spec('notes-volume', claim), 'data-pvc', '/app/data')).toEqual(['notes-volume']);
    expect(claimMounts(spec('data', claim, '/app/data/'), 'data-pvc', '/app/data')).toEqual(['data']);
  });

  it('an emptyDir at /app/data, or the claim elsewhere, fails with the apply', async () => {
    const empty = await evaluate(mountsClaim('data-pvc', '/app/data'), [deployment(spec('data', { emptyDir: {} }))]);
    expect(empty.passed).toBe(false);
    expect(empty.message).toBe('/app/data is volume data, which is not the claim data-pvc (an emptyDir dies with its pod)');
    expect(empty.fix).toContain('deployment-storage.yaml');
    expect((await evaluate(mountsClaim('data-pvc', '/app/data'), [deployment(spec('data', claim, '/srv'))])).message).toBe('nothing is mounted at /app/data');
    expect((await evaluate(mountsClaim('data-pvc', '/app/data'), [deployment(spec('x', claim))])).passed).toBe(true);
  });
});

describe('lesson 12: a ReadWriteOnce claim on one node', () => {
  const pvc = (modes: string[]) => object('v1', 'PersistentVolumeClaim', 'data-pvc', { spec: { accessModes: modes } });
  const pod = (name: string, node: string) => object('v1', 'Pod', name, { spec: { nodeName: node, volumes: [{ name: 'data', ...claim }] } }, { labels: { app: 'fastapi-k8s' } });

  it('one node passes; several fail with scale to 1; ReadWriteMany may spread', async () => {
    expect((await evaluate(claimOnOneNode('data-pvc'), [pvc(['ReadWriteOnce']), pod('a', 'n1'), pod('b', 'n1')])).passed).toBe(true);
    const spread = await evaluate(claimOnOneNode('data-pvc'), [pvc(['ReadWriteOnce']), pod('a', 'n1'), pod('b', 'n2')]);
    expect(spread.passed).toBe(false);
    expect(spread.message).toContain('run on 2 nodes (n1, n2)');
    expect(spread.fix).toBe('kubectl scale deployment fastapi-k8s --replicas=1 -n k8s-tutor');
    expect((await evaluate(claimOnOneNode('data-pvc'), [pvc(['ReadWriteMany']), pod('a', 'n1'), pod('b', 'n2')])).passed).toBe(true);
  });
});
