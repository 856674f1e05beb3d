import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, type Kube, type KubeObject } from './types.js';

/**
 * Cordon, drain and uncordon, as `kubectl cordon/drain/uncordon` do them, through the Kube interface.
 * A node the tutor cordons carries CORDONED_ANNOTATION, so that `uncordonOurs` (run by `reset`, and by
 * a lesson's cleanup after Ctrl-C or a failure) makes schedulable again exactly the nodes the tutor
 * took out, never one that an administrator cordoned. The tutor's drain evicts only the pods of its
 * own namespace (it never writes elsewhere); `kubectl drain` evicts every namespace's pods.
 *
 * Callers decide whether draining is allowed at all: never on a cluster the guard does not accept as
 * local, never on a single schedulable node (see `canDrain`).
 *
 * ClusterKube (src/kube/client.ts) allows one write to a Node, and only on a cluster the guard accepts
 * as local without --allow-context: the merge patch `schedulablePatch` builds (spec.unschedulable and
 * CORDONED_ANNOTATION, nothing else); `isSchedulablePatch` is how it tells.
 */

export const CORDONED_ANNOTATION = 'k8s-tutor.io/cordoned';

const nodeRef = (name: string) => ({ apiVersion: 'v1', kind: 'Node', name });

interface NodeShape {
  spec?: { unschedulable?: boolean; taints?: { key: string; effect: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

export function isCordoned(node: KubeObject): boolean {
  return Boolean((node as NodeShape).spec?.unschedulable);
}

export function cordonedByTutor(node: KubeObject): boolean {
  return node.metadata.annotations?.[CORDONED_ANNOTATION] === 'true';
}

/** Nodes new pods can go to: Ready, not cordoned, no NoSchedule/NoExecute taint (control planes have one). */
export function schedulableNodes(nodes: KubeObject[]): KubeObject[] {
  return nodes.filter((n) => {
    const shape = n as NodeShape;
    const ready = shape.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    const tainted = (shape.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    return ready && !isCordoned(n) && !tainted;
  });
}

/** Why a drain may not happen here, or undefined when it may. */
export function canDrain(nodes: KubeObject[], clusterIsLocal: boolean): string | undefined {
  if (!clusterIsLocal) return 'this cluster is not one the tutor accepts as local, and draining a node affects everything on it';
  const schedulable = schedulableNodes(nodes);
  if (schedulable.length < 2) return `this cluster has ${schedulable.length === 1 ? 'one node' : 'no node'} that takes new pods, so a drained node's pods would have nowhere to go`;
  return undefined;
}

export function drainCommand(node: string): string {
  return `kubectl drain ${node} --ignore-daemonsets --delete-emptydir-data`;
}

/** The merge patch that cordons a node with the tutor's mark, or uncordons it and drops the mark. */
export function schedulablePatch(schedulable: boolean): { metadata: { annotations: Record<string, string | null> }; spec: { unschedulable: true | null } } {
  return schedulable
    ? { metadata: { annotations: { [CORDONED_ANNOTATION]: null } }, spec: { unschedulable: null } }
    : { metadata: { annotations: { [CORDONED_ANNOTATION]: 'true' } }, spec: { unschedulable: true } };
}

/** True only for exactly one of the two patches `schedulablePatch` builds: the one write the tutor makes to a Node. */
export function isSchedulablePatch(patch: unknown): boolean {
  const json = JSON.stringify(patch);
  return json === JSON.stringify(schedulablePatch(true)) || json === JSON.stringify(schedulablePatch(false));
}

/** Cordons the node and marks it as the tutor's; false (and nothing changed) when it was cordoned already. */
export async function cordon(kube: Kube, node: string): Promise<boolean> {
  const current = await kube.get(nodeRef(node));
  if (!current || isCordoned(current)) return false;
  await kube.patch(nodeRef(node), schedulablePatch(false), 'merge');
  return true;
}

/** Makes the node schedulable again and drops the tutor's mark. */
export async function uncordon(kube: Kube, node: string): Promise<void> {
  await kube.patch(nodeRef(node), schedulablePatch(true), 'merge');
}

/** Uncordons every node the tutor cordoned (and only those); returns their names. For `reset` and cleanups. */
export async function uncordonOurs(kube: Kube): Promise<string[]> {
  const nodes = await kube.list('v1', 'Node', { namespace: null });
  const ours = nodes.filter(cordonedByTutor);
  for (const node of ours) await uncordon(kube, node.metadata.name);
  return ours.map((n) => n.metadata.name);
}

function ownerKinds(pod: KubeObject): string[] {
  return ((pod.metadata as { ownerReferences?: { kind: string }[] }).ownerReferences ?? []).map((o) => o.kind);
}

/**
 * The tutor's pods on the node that a drain removes: not DaemonSet pods, not mirror (static) pods, and
 * only those with the tutor's label (the only pods it may delete; one from the learner's own YAML stays).
 */
export function podsToEvict(pods: KubeObject[], node: string): KubeObject[] {
  return pods.filter((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName === node
    && p.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE
    && !p.metadata.deletionTimestamp
    && !ownerKinds(p).includes('DaemonSet')
    && !p.metadata.annotations?.['kubernetes.io/config.mirror']);
}

/** Deletes the tutor's pods on the node (their controllers re-create them elsewhere); returns their names. */
export async function evictOurs(kube: Kube, node: string): Promise<string[]> {
  const pods = podsToEvict(await kube.list('v1', 'Pod', { fieldSelector: `spec.nodeName=${node}` }), node);
  for (const pod of pods) await kube.delete({ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name });
  return pods.map((p) => p.metadata.name);
}

/**
 * Cordons the node, runs `whileDrained` with the eviction of the tutor's pods from it (so the caller can
 * watch them come back elsewhere, say), and always uncordons it afterwards: on success, on failure, and
 * on Ctrl-C (the signal's abort runs the uncordon at once, before the process ends).
 */
export async function drainAndRestore<T>(kube: Kube, node: string, signal: AbortSignal, whileDrained: (evict: () => Promise<string[]>) => Promise<T>): Promise<T> {
  const ours = await cordon(kube, node);
  let restored: Promise<void> | undefined;
  const restore = () => (restored ??= ours ? uncordon(kube, node) : Promise.resolve());
  // Best effort at Ctrl-C; the finally below (and `reset`, through the annotation) cover the rest.
  const onAbort = () => void restore().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await whileDrained(() => evictOurs(kube, node));
  } finally {
    signal.removeEventListener('abort', onAbort);
    await restore();
  }
}
