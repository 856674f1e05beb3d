import {
  acceptsAsLocal, APP, DEPLOYMENT, canDrain, drainCommand, eventTime, fail, isCordoned, pass, schedulableNodes,
  type Check, type CheckContext, type KubeObject, type LessonContext,
} from '../kit.js';

/**
 * The node-failure part of lesson 6, on a cluster with more than one node: the learner drains a node
 * that runs the app's pods (`kubectl drain` cordons it and evicts them), sees them Ready on the others,
 * and uncordons it. On one node, or on a cluster the guard does not accept as local by itself, nothing
 * is asked: both checks say so and pass.
 */

type Ctx = Pick<CheckContext, 'kube' | 'cluster'>;

/** The nodes, or undefined when they cannot be read (a namespaced Role): then no drain is asked either. */
async function readNodes(ctx: Pick<CheckContext, 'kube'>): Promise<KubeObject[] | undefined> {
  return ctx.kube.list('v1', 'Node', { namespace: null }).catch(() => undefined);
}

async function nodesOf(ctx: Pick<CheckContext, 'kube'>): Promise<KubeObject[]> {
  return (await readNodes(ctx)) ?? [];
}

const nodeOf = (pod: KubeObject) => (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
const ready = (pod: KubeObject) => ((pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

async function livePods(ctx: Pick<CheckContext, 'kube'>): Promise<KubeObject[]> {
  return (await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${APP}` })).filter((p) => !p.metadata.deletionTimestamp);
}

/** Why no drain is asked on this cluster, or undefined when one is. A cordoned node counts: the learner may be mid-drain. */
async function notAsked(ctx: Ctx): Promise<string | undefined> {
  const nodes = await readNodes(ctx);
  if (!nodes) return 'the tutor cannot read this cluster\'s nodes (your access is limited to its namespace)';
  const uncordoned = nodes.map((n) => (isCordoned(n) ? { ...n, spec: { ...(n.spec as object), unschedulable: false } } : n));
  return canDrain(uncordoned, ctx.cluster ? acceptsAsLocal(ctx.cluster) : false);
}

/** true, or why the drain step is passed over here (for a try-it step's `applies`). */
export async function drainApplies(ctx: LessonContext): Promise<true | string> {
  return (await notAsked(ctx)) ?? true;
}

/** Said when no drain was asked: the step before already said why, so this one does not repeat it. */
export const NOTHING_TO_GIVE_BACK = 'no node was drained, so there is none to give back';

/** true, or why the uncordon step is passed over here: it follows the drain step and shares its reason. */
export async function drainedNodeToGiveBack(ctx: LessonContext): Promise<true | string> {
  return (await notAsked(ctx)) === undefined ? true : NOTHING_TO_GIVE_BACK;
}

/** The schedulable node that runs the most of the app's pods (ties: by name), to suggest or to drain. */
export async function busiestNode(ctx: Pick<CheckContext, 'kube'>): Promise<string | undefined> {
  const open = new Set(schedulableNodes(await nodesOf(ctx)).map((n) => n.metadata.name));
  const counts = new Map<string, number>();
  for (const pod of await livePods(ctx)) if (open.has(nodeOf(pod))) counts.set(nodeOf(pod), (counts.get(nodeOf(pod)) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[0]?.[0];
}

/** The nodes cordoned now (SchedulingDisabled), by name. */
export async function cordonedNodes(ctx: Pick<CheckContext, 'kube'>): Promise<string[]> {
  return (await nodesOf(ctx)).filter(isCordoned).map((n) => n.metadata.name);
}

/**
 * The nodes on which the kubelet stopped an app pod's container since `since` (its Killing events name
 * the node): a drain leaves these even when the node's pods were new since the step began (a rollout).
 */
async function nodesThatStoppedPods(ctx: Pick<CheckContext, 'kube'>, since: string): Promise<Set<string>> {
  const events = await ctx.kube.list('v1', 'Event', { fieldSelector: 'involvedObject.kind=Pod,reason=Killing' });
  const from = Date.parse(since) - 1_000; // event times have whole seconds
  const nodes = new Set<string>();
  for (const e of events) {
    const { involvedObject, source, reportingInstance } = e as { involvedObject?: { name?: string }; source?: { host?: string }; reportingInstance?: string };
    if (!involvedObject?.name?.startsWith(`${APP}-`) || eventTime(e) < from) continue;
    const host = source?.host || reportingInstance;
    if (host) nodes.add(host);
  }
  return nodes;
}

interface DrainBaseline {
  at: string;
  notAsked?: string;
  /** The app's pod UIDs on each node when the step began. */
  podsOnNode: Record<string, string[]>;
}

export const DRAINED = `you drained a node and every ${APP} replica is Ready on the others`;

export const learnerDrainedNode: Check = {
  name: DRAINED,
  latch: true,
  watches: [{ apiVersion: 'v1', kind: 'Pod' }, { apiVersion: 'v1', kind: 'Node' }],
  async baseline(ctx): Promise<DrainBaseline> {
    const podsOnNode: Record<string, string[]> = {};
    for (const pod of await livePods(ctx)) (podsOnNode[nodeOf(pod)] ??= []).push(pod.metadata.uid ?? '');
    return { at: new Date().toISOString(), notAsked: await notAsked(ctx), podsOnNode };
  },
  async evaluate(ctx) {
    const before = ctx.baseline as DrainBaseline | undefined;
    if (!before?.podsOnNode) return fail(DRAINED, 'no starting point recorded yet: drain a node, then check again', { fix: drainCommand('NODE_NAME') });
    if (before.notAsked) return pass(DRAINED, `not asked on this cluster: ${before.notAsked}`);
    const [nodes, pods, deployment] = await Promise.all([nodesOf(ctx), livePods(ctx), ctx.kube.get(DEPLOYMENT)]);
    const want = (deployment?.spec as { replicas?: number } | undefined)?.replicas ?? 1;
    const live = new Set(pods.map((p) => p.metadata.uid));
    let stopped: Set<string> | undefined;
    for (const node of nodes.filter(isCordoned)) {
      const name = node.metadata.name;
      if (pods.some((p) => nodeOf(p) === name)) continue;
      // Evicted: the pods it ran when the step began are all gone, or (pods that came later) the kubelet there stopped some since.
      const had = before.podsOnNode[name] ?? [];
      const emptied = had.length > 0 && !had.some((uid) => live.has(uid));
      if (!emptied && !(stopped ??= await nodesThatStoppedPods(ctx, before.at)).has(name)) continue;
      const elsewhere = pods.filter((p) => ready(p)).length;
      if (elsewhere >= want) return pass(DRAINED, `node ${name} was cordoned and the ${APP} pods on it evicted; all ${want} replicas are Ready on other nodes`);
    }
    const cordoned = nodes.filter(isCordoned).map((n) => n.metadata.name);
    const busiest = await busiestNode(ctx);
    return fail(DRAINED, cordoned.length > 0
      ? `node ${cordoned.join(', ')} is cordoned, but no ${APP} pods were evicted from it, or they are not all Ready elsewhere yet`
      : `no node that ran ${APP} pods has been drained since ${before.at}: the step "drain a node" is not done`, {
      path: 'nodes', expected: 'a node cordoned, its pods evicted, every replica Ready elsewhere', actual: cordoned.length > 0 ? `cordoned: ${cordoned.join(', ')}` : 'no node cordoned',
      fix: drainCommand(busiest ?? 'NODE_NAME'),
    });
  },
};

export const SCHEDULABLE = 'every node takes new pods again (none left cordoned)';

/** A state, not an action: after the drain, the node is given back. */
export const nodesSchedulable: Check = {
  name: SCHEDULABLE,
  watches: [{ apiVersion: 'v1', kind: 'Node' }],
  async evaluate(ctx) {
    // The drain check beside it gives the reason; this one does not say it a second time.
    if (await notAsked(ctx)) return pass(SCHEDULABLE, NOTHING_TO_GIVE_BACK);
    const cordoned = await cordonedNodes(ctx);
    if (cordoned.length === 0) return pass(SCHEDULABLE, 'no node is cordoned: every node takes new pods');
    return fail(SCHEDULABLE, `node ${cordoned.join(', ')} is still cordoned (SchedulingDisabled): no new pod can go there`, {
      path: 'nodes', expected: 'no node cordoned', actual: `cordoned: ${cordoned.join(', ')}`,
      fix: `kubectl uncordon ${cordoned[0]}`,
    });
  },
};
