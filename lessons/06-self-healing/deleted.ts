import { APP, fail, pass, type Check, type CheckContext, type KubeObject } from '../kit.js';

/**
 * The learner deleted a pod and its ReplicaSet replaced it. A rollout also swaps pods, so "a new pod
 * UID" is not enough: the replacement must come from a ReplicaSet that already ran the app when the
 * step began (a rollout's new pods come from a new ReplicaSet). The ReplicaSet's SuccessfulCreate
 * event outlives the pod (events are kept about an hour), so applying the probes manifest afterwards,
 * which replaces every pod, does not hide the delete; and the check latches once it has seen it.
 * A node drain's evictions would count too (the pods are deleted and re-created the same way), so the
 * lesson drains before this step's baseline.
 */

interface Baseline {
  uids: string[];
  names: string[];
  /** The ReplicaSets that owned the app's pods, and the pods their SuccessfulCreate events named then. */
  replicaSets: Record<string, string[]>;
  at: string;
}

export const NAME = `you deleted a ${APP} pod and its ReplicaSet replaced it`;

function ownerReplicaSet(pod: KubeObject): string | undefined {
  return (pod.metadata as { ownerReferences?: { kind: string; name: string }[] }).ownerReferences?.find((o) => o.kind === 'ReplicaSet')?.name;
}

async function podsOf(ctx: CheckContext): Promise<KubeObject[]> {
  return ctx.kube.list('v1', 'Pod', { labelSelector: `app=${APP}` });
}

/** The pods each ReplicaSet's SuccessfulCreate events name ("Created pod: NAME"). */
async function createdPods(ctx: CheckContext): Promise<Map<string, string[]>> {
  const events = await ctx.kube.list('v1', 'Event', { fieldSelector: 'involvedObject.kind=ReplicaSet,reason=SuccessfulCreate' });
  const byReplicaSet = new Map<string, string[]>();
  for (const e of events) {
    const rs = (e as { involvedObject?: { name?: string } }).involvedObject?.name ?? '';
    const pod = /Created pod: (\S+)/.exec(String((e as { message?: string }).message ?? ''))?.[1];
    if (pod) byReplicaSet.set(rs, [...(byReplicaSet.get(rs) ?? []), pod]);
  }
  return byReplicaSet;
}

export function deleteOnePod(namespace: string): string {
  return `kubectl delete $(kubectl get pods -l app=${APP} -n ${namespace} -o name | head -1) -n ${namespace}`;
}

export const learnerDeletedPod: Check = {
  name: NAME,
  latch: true,
  watches: [{ apiVersion: 'v1', kind: 'Pod' }],
  async baseline(ctx): Promise<Baseline> {
    const [pods, events] = await Promise.all([podsOf(ctx), createdPods(ctx)]);
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    const replicaSets: Record<string, string[]> = {};
    for (const pod of live) {
      const rs = ownerReplicaSet(pod);
      if (rs) replicaSets[rs] = events.get(rs) ?? [];
    }
    return { uids: live.map((p) => p.metadata.uid ?? ''), names: pods.map((p) => p.metadata.name), replicaSets, at: new Date().toISOString() };
  },
  async evaluate(ctx) {
    const before = ctx.baseline as Baseline | undefined;
    const fix = deleteOnePod(ctx.namespace);
    if (!before?.uids || !before.replicaSets) {
      return fail(NAME, 'no starting point recorded yet: delete one pod, then check again', { fix });
    }
    const [pods, events] = await Promise.all([podsOf(ctx), createdPods(ctx)]);
    const live = new Set(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.uid));
    const gone = before.uids.filter((uid) => !live.has(uid));
    const owners = new Set(Object.keys(before.replicaSets));
    const fresh = pods.find((p) => !p.metadata.deletionTimestamp && !before.uids.includes(p.metadata.uid ?? '') && owners.has(ownerReplicaSet(p) ?? ''));
    // A pod named in a create event that was not there at the start (the event may arrive late: names, not counts).
    const known = new Set([...(before.names ?? []), ...Object.values(before.replicaSets).flat()]);
    const created = [...owners].find((rs) => (events.get(rs) ?? []).some((pod) => !known.has(pod)));
    if (gone.length > 0 && (fresh || created)) {
      return pass(NAME, fresh
        ? `a pod was deleted and ReplicaSet ${ownerReplicaSet(fresh)} created ${fresh.metadata.name} in its place`
        : `a pod was deleted and ReplicaSet ${created} created a replacement (its SuccessfulCreate event)`);
    }
    return fail(NAME, `no ${APP} pod has been deleted (and replaced by its ReplicaSet) since ${before.at}: the step "delete any ${APP} pod" is not done`, {
      path: 'pods', expected: 'a pod deleted, and a new one from the same ReplicaSet', actual: gone.length > 0 ? 'pods replaced by a rollout (a new ReplicaSet), not by a delete' : 'the same pods as before',
      fix,
    });
  },
};
