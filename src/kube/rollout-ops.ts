import { ClusterError } from '../errors.js';
import type { Kube, KubeObject } from './types.js';
import { history, restartPatch, undoAnnotations, undoTemplate, type RevisionEntry } from './rollout.js';

const deploymentRef = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', name });

async function deploymentAndReplicaSets(kube: Kube, name: string): Promise<{ deployment: KubeObject; replicaSets: KubeObject[] }> {
  const deployment = await kube.get(deploymentRef(name));
  if (!deployment) throw new ClusterError(`deployment "${name}" not found in namespace ${kube.namespace}`, `List what is there: kubectl get deployments -n ${kube.namespace}`);
  const replicaSets = await kube.list('apps/v1', 'ReplicaSet');
  return { deployment, replicaSets };
}

export async function rolloutRestart(kube: Kube, name: string, now = new Date()): Promise<void> {
  await kube.patch(deploymentRef(name), restartPatch(now), 'strategic');
}

export async function rolloutHistory(kube: Kube, name: string): Promise<RevisionEntry[]> {
  const { deployment, replicaSets } = await deploymentAndReplicaSets(kube, name);
  return history(deployment, replicaSets);
}

/** Rolls back like `kubectl rollout undo`; returns the revision whose template was restored. */
export async function rolloutUndo(kube: Kube, name: string, toRevision?: number): Promise<RevisionEntry> {
  const { deployment, replicaSets } = await deploymentAndReplicaSets(kube, name);
  const target = undoTemplate(deployment, replicaSets, toRevision);
  await kube.patch(deploymentRef(name), [
    { op: 'replace', path: '/spec/template', value: target.template },
    { op: 'replace', path: '/metadata/annotations', value: undoAnnotations(deployment, replicaSets, target.revision) },
  ], 'json');
  return target;
}

export async function scaleDeployment(kube: Kube, name: string, replicas: number): Promise<void> {
  await kube.patch(deploymentRef(name), { spec: { replicas } }, 'merge');
}
