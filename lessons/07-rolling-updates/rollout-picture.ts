import { ownedReplicaSets, revisionOf, type KubeObject } from '../kit.js';

/**
 * The guide's rolling-update picture, "[v1] [v1] [v1] [v2] [v2]", drawn from real ReplicaSets:
 * one box per Ready pod, oldest revision first; a pod that exists but is not Ready yet is "[v2…]".
 */

interface ReplicaSetShape {
  spec?: { template?: { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } } };
  status?: { replicas?: number; readyReplicas?: number };
}

/** "v2" from APP_VERSION=2.0.0 in the template (or the app's default when unset), else "r<revision>". */
export function versionLabel(replicaSet: KubeObject, defaultVersion?: string): string {
  const env = (replicaSet as unknown as ReplicaSetShape).spec?.template?.spec?.containers?.[0]?.env ?? [];
  const version = env.find((e) => e.name === 'APP_VERSION')?.value ?? defaultVersion;
  if (version) return `v${version.split('.')[0]}`;
  return `r${revisionOf(replicaSet)}`;
}

/**
 * "v1 r4": the version and the revision, for a rollout that keeps the version (a restart), where the
 * version alone cannot tell the new pods from the old.
 */
export function versionAndRevisionLabel(replicaSet: KubeObject, defaultVersion?: string): string {
  return `${versionLabel(replicaSet, defaultVersion)} r${revisionOf(replicaSet)}`;
}

export function rolloutRow(deployment: KubeObject, replicaSets: KubeObject[], label: (rs: KubeObject) => string = (rs) => versionLabel(rs)): string {
  const boxes: string[] = [];
  const pending: string[] = [];
  for (const rs of ownedReplicaSets(deployment, replicaSets)) {
    const status = (rs as unknown as ReplicaSetShape).status ?? {};
    const ready = status.readyReplicas ?? 0;
    const exist = status.replicas ?? 0;
    for (let i = 0; i < ready; i++) boxes.push(`[${label(rs)}]`);
    for (let i = ready; i < exist; i++) pending.push(`[${label(rs)}…]`);
  }
  return [...boxes, ...pending].join(' ') || '(no pods: nothing can answer)';
}
