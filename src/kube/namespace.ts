import type { Kube } from './types.js';

/** Creates the tutor's namespace (labelled as the tutor's) unless it exists; says whether it created it. */
export async function ensureNamespace(kube: Kube): Promise<boolean> {
  const ref = { apiVersion: 'v1', kind: 'Namespace', name: kube.namespace };
  const existing = await kube.get(ref);
  if (existing && !existing.metadata.deletionTimestamp) return false;
  if (existing?.metadata.deletionTimestamp) {
    const { ClusterError } = await import('../errors.js');
    throw new ClusterError(`namespace ${kube.namespace} is still being deleted (Terminating)`, 'Wait a minute and try again; `kubectl get namespace ' + kube.namespace + '` shows when it is gone. Or use another namespace with -n.');
  }
  await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: kube.namespace } });
  return true;
}
