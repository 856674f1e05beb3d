import type { KubeObject } from '../../../src/kube/types.js';

/**
 * Objects as the test cluster stored them during lesson 7 (namespace dev-l7), trimmed to the fields
 * the rollout algorithms read: a Deployment at revision 6 after two undos, and its ReplicaSets.
 */
export const DEPLOYMENT_UID = 'a434a5c0-9661-400c-88bf-2305bf4bfd2e';

const owner = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'fastapi-k8s', uid: DEPLOYMENT_UID, controller: true }];

export function template(version: string | undefined, hash: string): Record<string, unknown> {
  return {
    metadata: { labels: { app: 'fastapi-k8s', 'app.kubernetes.io/managed-by': 'k8s-tutor', 'pod-template-hash': hash } },
    spec: { containers: [{ name: 'fastapi-k8s', image: 'fastapi-k8s:1.0.0', env: version ? [{ name: 'APP_VERSION', value: version }] : [] }] },
  };
}

export function replicaSet(name: string, revision: number, status: Record<string, number>, version: string | undefined, extra: Record<string, string> = {}): KubeObject {
  const hash = name.split('-').at(-1)!;
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name, ownerReferences: owner, annotations: { 'deployment.kubernetes.io/desired-replicas': '5', 'deployment.kubernetes.io/max-replicas': '6', 'deployment.kubernetes.io/revision': String(revision), ...extra } },
    spec: { replicas: status.replicas ?? 0, template: template(version, hash) },
    status,
  };
}

export const replicaSets: KubeObject[] = [
  replicaSet('fastapi-k8s-64f85c576f', 5, { observedGeneration: 16, replicas: 0 }, '2.0.0', { 'deployment.kubernetes.io/revision-history': '3' }),
  replicaSet('fastapi-k8s-76bcbfbc9b', 6, { availableReplicas: 5, fullyLabeledReplicas: 5, observedGeneration: 21, readyReplicas: 5, replicas: 5 }, undefined, { 'deployment.kubernetes.io/revision-history': '2,4' }),
  replicaSet('fastapi-k8s-77477f7bbd', 1, { observedGeneration: 6, replicas: 0 }, undefined),
  // Another Deployment's ReplicaSet in the same namespace: never part of this history.
  { ...replicaSet('other-5d9f7', 1, { replicas: 1 }, undefined), metadata: { name: 'other-5d9f7', ownerReferences: [{ ...owner[0]!, uid: 'someone-else' }], annotations: { 'deployment.kubernetes.io/revision': '9' } } },
];

export function deployment(status: Record<string, unknown>, generation = 8, version?: string): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'fastapi-k8s', uid: DEPLOYMENT_UID, generation, annotations: { 'deployment.kubernetes.io/revision': '6' } },
    spec: { replicas: 5, template: template(version, '') },
    status,
  };
}

export const DONE = {
  availableReplicas: 5, observedGeneration: 8, readyReplicas: 5, replicas: 5, updatedReplicas: 5,
  conditions: [
    { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
    { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "fastapi-k8s-76bcbfbc9b" has successfully progressed.' },
  ],
};
