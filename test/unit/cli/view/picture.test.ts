import { describe, expect, it } from 'vitest';
import { project, type Store } from '../../../../src/cli/view/picture.js';
import type { KubeObject } from '../../../../src/kube/types.js';

function store(objects: KubeObject[]): Store {
  const s: Store = new Map();
  for (const o of objects) {
    if (!s.has(o.kind)) s.set(o.kind, new Map());
    s.get(o.kind)!.set(o.metadata.uid ?? o.metadata.name, o);
  }
  return s;
}

const owner = (kind: string, name: string, uid: string) => [{ apiVersion: 'apps/v1', kind, name, uid, controller: true }];

const objects: KubeObject[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'd1' }, spec: { replicas: 2, strategy: { type: 'RollingUpdate' } }, status: { readyReplicas: 2, updatedReplicas: 1 } },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-old', uid: 'rs1', annotations: { 'deployment.kubernetes.io/revision': '1' }, ownerReferences: owner('Deployment', 'web', 'd1') }, spec: { replicas: 1 }, status: { readyReplicas: 1 } },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-new', uid: 'rs2', annotations: { 'deployment.kubernetes.io/revision': '2' }, ownerReferences: owner('Deployment', 'web', 'd1') }, spec: { replicas: 2 }, status: { readyReplicas: 1 } },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-old-a', uid: 'p1', labels: { app: 'web' }, ownerReferences: owner('ReplicaSet', 'web-old', 'rs1'), deletionTimestamp: '2026-01-01T00:00:00Z' },
    spec: { nodeName: 'node1', containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 8000 }] }] },
    status: { phase: 'Running', podIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ restartCount: 2 }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-new-b', uid: 'p2', labels: { app: 'web' }, ownerReferences: owner('ReplicaSet', 'web-new', 'rs2') },
    spec: { containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 8000 }] }] },
    status: { phase: 'Pending', containerStatuses: [{ restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }] } },
  {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-x', labels: { 'kubernetes.io/service-name': 'web' } },
    endpoints: [
      { addresses: ['10.0.0.5'], conditions: { ready: false }, targetRef: { kind: 'Pod', name: 'web-old-a' } },
      { addresses: ['10.0.0.6'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'web-new-c' } },
    ],
  },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { password: 'c2VjcmV0' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt' }, data: {} },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'only' }, status: {} },
];

describe('the picture', () => {
  const picture = project(store(objects), { namespace: 'ns', context: 'local', connected: true });

  it('nests Deployment → ReplicaSets (newest first) → their pods, with what a pod card shows', () => {
    const [web] = picture.deployments;
    expect(web).toMatchObject({ name: 'web', desired: 2, ready: 2, updated: 1, strategy: 'RollingUpdate' });
    expect(web!.replicaSets.map((r) => [r.name, r.revision, r.desired, r.ready])).toEqual([
      ['web-new', '2', 2, 1],
      ['web-old', '1', 1, 1],
    ]);
    expect(web!.replicaSets[1]!.pods[0]).toMatchObject({ name: 'web-old-a', terminating: true, ready: true, restarts: 2, node: 'node1', ip: '10.0.0.5' });
    expect(web!.replicaSets[0]!.pods[0]).toMatchObject({ name: 'web-new-b', phase: 'Pending', reason: 'ContainerCreating', ready: false });
    expect(picture.otherPods).toEqual([]);
  });

  it('draws a Service as its port chain, a named targetPort resolved to the containerPort, and its endpoints ready or not', () => {
    expect(picture.services).toEqual([
      {
        name: 'web',
        type: 'NodePort',
        selector: 'app=web',
        ports: [{ port: 80, targetPort: 'http', containerPort: 8000, nodePort: 30080 }],
        endpoints: [
          { ip: '10.0.0.6', pod: 'web-new-c', ready: true },
          { ip: '10.0.0.5', pod: 'web-old-a', ready: false },
        ],
      },
    ]);
  });

  it("has a Secret's name and nothing else of it; leaves out the namespace's CA ConfigMap and a lone node", () => {
    expect(picture.secrets).toEqual(['creds']);
    expect(JSON.stringify(picture)).not.toContain('c2VjcmV0');
    expect(picture.configMaps).toEqual([]);
    expect(picture.nodes).toEqual([]);
  });
});
