import { ClusterError } from '../errors.js';
import type { KubeObject } from './types.js';

/**
 * kubectl's rollout algorithms on plain objects (k8s.io/kubectl/pkg/polymorphichelpers):
 * status from observedGeneration / updated / available replicas, history from ReplicaSets' revision
 * annotations, restart by a restartedAt annotation, undo to an earlier ReplicaSet's template.
 */

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

interface DeploymentShape {
  metadata: { name: string; generation?: number; uid?: string };
  spec?: { replicas?: number; template?: unknown };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

export interface RolloutStatus {
  done: boolean;
  message: string;
  updated: number;
  available: number;
  desired: number;
}

export function rolloutStatus(object: KubeObject): RolloutStatus {
  const d = object as unknown as DeploymentShape;
  const name = d.metadata.name;
  const desired = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  const updated = s.updatedReplicas ?? 0;
  const total = s.replicas ?? 0;
  const available = s.availableReplicas ?? 0;
  const counts = { updated, available, desired };
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) {
    return { done: false, message: `Waiting for deployment "${name}" spec update to be observed...`, ...counts };
  }
  const progressing = s.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { done: false, message: `deployment "${name}" exceeded its progress deadline`, ...counts };
  }
  if (updated < desired) {
    return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...`, ...counts };
  }
  if (total > updated) {
    return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...`, ...counts };
  }
  if (available < updated) {
    return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`, ...counts };
  }
  return { done: true, message: `deployment "${name}" successfully rolled out`, ...counts };
}

export function restartPatch(now: Date): unknown {
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: now.toISOString() } } } } };
}

export function revisionOf(object: KubeObject): number {
  const value = Number(object.metadata.annotations?.[REVISION_ANNOTATION]);
  return Number.isFinite(value) ? value : 0;
}

export interface RevisionEntry {
  revision: number;
  replicaSet: string;
  changeCause?: string;
  template: Record<string, unknown>;
}

/** The ReplicaSets that a Deployment controls, oldest revision first. */
export function ownedReplicaSets(deployment: KubeObject, replicaSets: KubeObject[]): KubeObject[] {
  const uid = deployment.metadata.uid;
  return replicaSets
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === uid))
    .sort((a, b) => revisionOf(a) - revisionOf(b));
}

export function history(deployment: KubeObject, replicaSets: KubeObject[]): RevisionEntry[] {
  return ownedReplicaSets(deployment, replicaSets).map((rs) => ({
    revision: revisionOf(rs),
    replicaSet: rs.metadata.name,
    ...(rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] ? { changeCause: rs.metadata.annotations[CHANGE_CAUSE_ANNOTATION] } : {}),
    template: ((rs.spec as { template?: Record<string, unknown> } | undefined)?.template ?? {}),
  }));
}

/** The pod template that `kubectl rollout undo` would restore: the given revision, or the one before the latest. */
export function undoTemplate(deployment: KubeObject, replicaSets: KubeObject[], toRevision?: number): RevisionEntry {
  const entries = history(deployment, replicaSets);
  const name = deployment.metadata.name;
  const historyHint = `See what there is: kubectl rollout history deployment/${name}`;
  if (entries.length === 0) throw new ClusterError(`deployment "${name}" has no rollout history`, historyHint);
  const latest = entries[entries.length - 1]!;
  const target = toRevision === undefined ? entries[entries.length - 2] : entries.find((e) => e.revision === toRevision);
  if (!target) {
    throw new ClusterError(toRevision === undefined ? `deployment "${name}" has no previous revision to go back to` : `revision ${toRevision} not found`, toRevision === undefined ? 'Roll out a change first (for example kubectl rollout restart), then undo it.' : historyHint);
  }
  if (target.revision === latest.revision && toRevision !== undefined) {
    throw new ClusterError(`revision ${toRevision} is already the current one`, historyHint);
  }
  return { ...target, template: withoutPodTemplateHash(target.template) };
}

function withoutPodTemplateHash(template: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(template) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return copy as Record<string, unknown>;
}

/** Annotations that stay the Deployment's own when kubectl rolls it back (kubectl's annotationsToSkip). */
const KEPT_ON_UNDO = [
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
];

/**
 * The Deployment's annotations after an undo to `revision`, as kubectl computes them: the ones it
 * keeps (revision, last-applied…) from the Deployment, every other one from the ReplicaSet of that
 * revision, so that its change-cause comes back with its template.
 */
export function undoAnnotations(deployment: KubeObject, replicaSets: KubeObject[], revision: number): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const key of KEPT_ON_UNDO) {
    const value = deployment.metadata.annotations?.[key];
    if (value !== undefined) annotations[key] = value;
  }
  const source = ownedReplicaSets(deployment, replicaSets).find((rs) => revisionOf(rs) === revision);
  for (const [key, value] of Object.entries(source?.metadata.annotations ?? {})) if (!KEPT_ON_UNDO.includes(key)) annotations[key] = value;
  return annotations;
}

