import { APP, DEPLOYMENT, fail, pass, type Check, type KubeObject } from '../kit.js';

/**
 * The learner's undo. `kubectl rollout undo` puts an earlier revision's pod template back; the
 * Deployment controller then adopts that old ReplicaSet under a new revision number and writes the
 * numbers it had before into its `deployment.kubernetes.io/revision-history` annotation. So: a
 * ReplicaSet with that annotation whose revision is newer than the Deployment's revision when the
 * try-it began. The tutor's own rollouts after the try-it use versions never seen before (new
 * ReplicaSets, no history), so they do not count; and the check latches once it has seen the undo.
 * Putting the old template back by hand (`kubectl set env … APP_VERSION-`, re-applying the old
 * file) is the same rollback to the cluster, and counts too.
 */

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const NAME = `you rolled ${APP} back to an earlier revision (rollout undo)`;

const revisionOf = (o: KubeObject | undefined) => Number(o?.metadata.annotations?.[REVISION] ?? 0);

function ownedBy(rs: KubeObject, uid: string | undefined): boolean {
  return ((rs.metadata as { ownerReferences?: { uid?: string }[] }).ownerReferences ?? []).some((o) => o.uid === uid);
}

/** The newest ReplicaSet an undo brought back after `sinceRevision`, if any. */
export function undoneSince(deployment: KubeObject, replicaSets: KubeObject[], sinceRevision: number): KubeObject | undefined {
  return replicaSets
    .filter((rs) => ownedBy(rs, deployment.metadata.uid) && rs.metadata.annotations?.[REVISION_HISTORY] && revisionOf(rs) > sinceRevision)
    .sort((a, b) => revisionOf(b) - revisionOf(a))[0];
}

export const learnerUndid: Check = {
  name: NAME,
  latch: true,
  watches: [{ apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'apps/v1', kind: 'ReplicaSet' }],
  async baseline(ctx) {
    return { revision: revisionOf(await ctx.kube.get(DEPLOYMENT)), at: new Date().toISOString() };
  },
  async evaluate(ctx) {
    const before = ctx.baseline as { revision?: number; at?: string } | undefined;
    const undo = `kubectl rollout undo deployment ${APP} -n ${ctx.namespace}`;
    const deployment = await ctx.kube.get(DEPLOYMENT);
    if (!deployment) return fail(NAME, `Deployment ${APP} does not exist in namespace ${ctx.namespace}`, { path: 'metadata.name', expected: APP, actual: undefined, fix: `kubectl get deployments -n ${ctx.namespace}` });
    const since = before?.revision ?? revisionOf(deployment);
    const restored = undoneSince(deployment, await ctx.kube.list('apps/v1', 'ReplicaSet'), since);
    if (restored) {
      return pass(NAME, `revision ${revisionOf(restored)} brought back earlier revision ${restored.metadata.annotations?.[REVISION_HISTORY]} (ReplicaSet ${restored.metadata.name})`);
    }
    const current = revisionOf(deployment);
    return fail(NAME, current < 2
      ? `Deployment ${APP} has only revision ${current}: roll out a change first, then undo it; the step "undo the rollout" is not done`
      : `no rollback since ${before?.at ?? 'now'} (revision ${since}; now ${current}): the step "undo the rollout" is not done`, {
      path: `replicaset.metadata.annotations["${REVISION_HISTORY}"]`, expected: `a revision after ${since} that brings back an earlier one`, actual: `revision ${current}, new`,
      fix: current < 2 ? `kubectl set env deployment/${APP} APP_VERSION=2.0.0 -n ${ctx.namespace}` : undo,
    });
  },
};
