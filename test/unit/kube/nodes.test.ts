import { describe, expect, it } from 'vitest';
import { CORDONED_ANNOTATION, canDrain, cordon, drainAndRestore, drainCommand, podsToEvict, schedulableNodes, uncordonOurs } from '../../../src/kube/nodes.js';
import type { Kube, KubeObject, ObjectRef } from '../../../src/kube/types.js';

const node = (name: string, extra: { unschedulable?: boolean; ours?: boolean; taint?: string; ready?: boolean } = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Node',
  metadata: { name, annotations: extra.ours ? { [CORDONED_ANNOTATION]: 'true' } : {} },
  spec: { ...(extra.unschedulable ? { unschedulable: true } : {}), ...(extra.taint ? { taints: [{ key: extra.taint, effect: 'NoSchedule' }] } : {}) },
  status: { conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] },
});
const pod = (name: string, nodeName: string, owner = 'ReplicaSet', labels: Record<string, string> = { 'app.kubernetes.io/managed-by': 'k8s-tutor' }): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels, ownerReferences: [{ kind: owner }] } as unknown as KubeObject['metadata'], spec: { nodeName } });

/** Nodes and pods in memory; merge patches on nodes applied with null deleting, as the API server does. */
function fake(nodes: KubeObject[], pods: KubeObject[] = []): Kube & { nodes: Map<string, KubeObject>; deleted: string[] } {
  const map = new Map(nodes.map((n) => [n.metadata.name, structuredClone(n)]));
  const deleted: string[] = [];
  const merge = (target: Record<string, unknown>, patch: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete target[k];
      else if (typeof v === 'object' && !Array.isArray(v)) merge((target[k] ??= {}) as Record<string, unknown>, v as Record<string, unknown>);
      else target[k] = v;
    }
  };
  return {
    namespace: 'ns', nodes: map, deleted,
    get: async (ref: ObjectRef) => map.get(ref.name),
    list: async (_v: string, kind: string) => (kind === 'Node' ? [...map.values()] : pods),
    patch: async (ref: ObjectRef, patch: unknown) => { merge(map.get(ref.name) as unknown as Record<string, unknown>, patch as Record<string, unknown>); return map.get(ref.name)!; },
    delete: async (ref: ObjectRef) => { deleted.push(ref.name); return true; },
  } as unknown as Kube & { nodes: Map<string, KubeObject>; deleted: string[] };
}

describe('nodes: cordon, drain, uncordon', () => {
  it('schedulable nodes leave out cordoned, tainted and unready ones; a drain needs two and a local cluster', () => {
    const nodes = [node('a'), node('b', { unschedulable: true }), node('cp', { taint: 'node-role.kubernetes.io/control-plane' }), node('d', { ready: false })];
    expect(schedulableNodes(nodes).map((n) => n.metadata.name)).toEqual(['a']);
    expect(canDrain(nodes, true)).toMatch(/one node that takes new pods/);
    expect(canDrain([node('a'), node('b')], false)).toMatch(/not one the tutor accepts as local/);
    expect(canDrain([node('a'), node('b')], true)).toBeUndefined();
    expect(drainCommand('a')).toBe('kubectl drain a --ignore-daemonsets --delete-emptydir-data');
  });

  it('cordons with its mark, leaves an already-cordoned node alone, and uncordonOurs undoes only its own', async () => {
    const kube = fake([node('a'), node('b', { unschedulable: true }), node('c')]);
    expect(await cordon(kube, 'a')).toBe(true);
    expect(await cordon(kube, 'b')).toBe(false);
    expect(kube.nodes.get('a')).toMatchObject({ spec: { unschedulable: true }, metadata: { annotations: { [CORDONED_ANNOTATION]: 'true' } } });
    expect(await uncordonOurs(kube)).toEqual(['a']);
    expect((kube.nodes.get('a')!.spec as { unschedulable?: boolean }).unschedulable).toBeUndefined();
    expect(kube.nodes.get('a')!.metadata.annotations?.[CORDONED_ANNOTATION]).toBeUndefined();
    expect((kube.nodes.get('b')!.spec as { unschedulable?: boolean }).unschedulable).toBe(true);
  });

  it('evicts the tutor\'s pods on the node except DaemonSet and mirror pods; a pod without the tutor\'s label stays', () => {
    const mirror = { ...pod('m', 'a'), metadata: { ...pod('m', 'a').metadata, annotations: { 'kubernetes.io/config.mirror': 'x' } } } as KubeObject;
    expect(podsToEvict([pod('p1', 'a'), pod('p2', 'b'), pod('ds', 'a', 'DaemonSet'), mirror, pod('mine', 'a', 'ReplicaSet', { app: 'x' })], 'a').map((p) => p.metadata.name)).toEqual(['p1']);
  });

  it('drainAndRestore uncordons after success, after a failure, and at once on abort', async () => {
    const kube = fake([node('a'), node('b')], [pod('p1', 'a')]);
    expect(await drainAndRestore(kube, 'a', new AbortController().signal, async (evict) => {
      expect(isSchedulable(kube, 'a')).toBe(false);
      return evict();
    })).toEqual(['p1']);
    expect(kube.deleted).toEqual(['p1']);
    expect(isSchedulable(kube, 'a')).toBe(true);

    await expect(drainAndRestore(kube, 'a', new AbortController().signal, async () => { throw new Error('watch failed'); })).rejects.toThrow('watch failed');
    expect(isSchedulable(kube, 'a')).toBe(true);

    const abort = new AbortController();
    let seenDuring = false;
    await drainAndRestore(kube, 'a', abort.signal, async () => {
      abort.abort();
      await Promise.resolve();
      seenDuring = isSchedulable(kube, 'a');
    });
    expect(seenDuring).toBe(true);
    expect(isSchedulable(kube, 'a')).toBe(true);
  });
});

function isSchedulable(kube: { nodes: Map<string, KubeObject> }, name: string): boolean {
  return !(kube.nodes.get(name)!.spec as { unschedulable?: boolean }).unschedulable;
}
