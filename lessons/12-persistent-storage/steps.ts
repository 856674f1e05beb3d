import { APP, IMAGE, applyManifest, appPods, features, formatTable, podTable, type KubeObject, type LessonContext } from '../kit.js';
import { storagePlan, withDataDirOwner } from '../lib/adapt.js';
import { nodesOf } from './checks.js';

/**
 * The work behind lesson 12's steps: the tutor's apply, and each look at the cluster as the lines the
 * learner sees. The words of the lesson's steps stay in lesson.ts.
 */

/** The names of the cluster's nodes. */
async function nodeNames(ctx: LessonContext): Promise<string[]> {
  return (await ctx.kube.list('v1', 'Node', { namespace: null })).map((n) => n.metadata.name);
}

/**
 * The tutor's apply: with no default StorageClass, the Deployment needs the hostPath volume's
 * directory handed to the app's user; on several nodes, one replica keeps the ReadWriteOnce claim on one node.
 */
export async function applyStorage(ctx: LessonContext, claim: string): Promise<string[]> {
  const plan = storagePlan(await features(ctx), ctx.namespace, claim);
  const several = (await nodeNames(ctx)).length > 1;
  const edit = (o: KubeObject): KubeObject => {
    if (o.kind !== 'Deployment') return o;
    const owned = plan.kind === 'hostPath' ? withDataDirOwner(o, IMAGE) : o;
    return several ? { ...owned, spec: { ...(owned.spec as object), replicas: 1 } } : owned;
  };
  const lines = await applyManifest(ctx, 'storage.yaml');
  lines.push(...(await applyManifest(ctx, 'deployment-storage.yaml', edit)));
  return lines;
}

/** `kubectl get nodes`, read for ReadWriteOnce: one node shares the claim with every pod; on several, {oneReplica} asks for one replica. */
export async function readWriteOnceOnNodes(ctx: LessonContext): Promise<string[]> {
  const nodes = await nodeNames(ctx);
  if (nodes.length <= 1) {
    ctx.vars.oneReplica = '';
    return [`One node (${nodes[0] ?? '?'}). The claim is ReadWriteOnce: mounted read-write by one node, which here is every pod's node, so all 5 pods share it.`];
  }
  ctx.vars.oneReplica = ` This cluster has ${nodes.length} nodes, so then: kubectl scale deployment ${APP} --replicas=1 -n ${ctx.namespace}`;
  return [
    `${nodes.length} nodes. The claim is ReadWriteOnce: one node at a time may mount it read-write. With 5 replicas spread over`,
    'the nodes, the pods on the other nodes would wait in ContainerCreating with a Multi-Attach error (a cloud disk attaches',
    'to one machine). This cluster\'s volumes are directories, and its "nodes" share one machine, so it would not stop them:',
    'it would only hide the problem. So this lesson runs one replica: the claim stays on one node, as on a real cluster.',
    'A ReadWriteMany class (NFS, CephFS, a cloud file share) is what several nodes need to share one volume.',
  ];
}

/** `kubectl get pvc,pv` and `kubectl get pods -o wide`: the claim, the volume it is bound to and its reclaim policy, and where the pods run. */
export async function claimVolumeAndPods(ctx: LessonContext, claim: string): Promise<string[]> {
  const pvc = await ctx.kube.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim });
  if (!pvc) return ['No claim yet (the step above is yours).'];
  const spec = pvc.spec as { volumeName?: string; storageClassName?: string; accessModes?: string[] } | undefined;
  const pv = spec?.volumeName ? await ctx.kube.get({ apiVersion: 'v1', kind: 'PersistentVolume', name: spec.volumeName }) : undefined;
  const pvSpec = pv?.spec as { capacity?: { storage?: string }; persistentVolumeReclaimPolicy?: string; hostPath?: { path?: string } } | undefined;
  const pods = await appPods(ctx);
  return [
    ...formatTable(['PVC', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS', 'CLASS'], [[claim, String((pvc.status as { phase?: string } | undefined)?.phase), spec?.volumeName ?? '', pvSpec?.capacity?.storage ?? '', (spec?.accessModes ?? []).join(','), spec?.storageClassName ?? '']]),
    '',
    `The PV ${spec?.volumeName ?? ''} ${pvSpec?.hostPath?.path ? `is the directory ${pvSpec.hostPath.path} on the node; ` : ''}its reclaim policy is ${pvSpec?.persistentVolumeReclaimPolicy ?? '?'}:`,
    'Delete means the volume goes when the claim is deleted; Retain would keep it for an admin to recover.',
    '',
    ...(await podTable(ctx, pods)),
    `${pods.length} pod(s) on ${nodesOf(pods).length} node(s) mount the claim.`,
  ];
}

/** The notes as the newest pod reads them (set as {reader}), and whether the note of {writer}, the deleted pod, survived it. */
export async function readNotes(ctx: LessonContext): Promise<string[]> {
  const pods = await appPods(ctx);
  const reader = pods.at(-1)?.metadata.name ?? '';
  ctx.vars.reader = reader;
  // The newest pod may still be starting: then there is nothing to read yet, and the line says so.
  const answer = await ctx.kube.proxy({ kind: 'pod', name: reader, port: 8000 }, '/notes').catch(() => ({ status: 0, body: '' }));
  if (answer.status !== 200) return [`Pod ${reader} does not answer yet (HTTP ${answer.status || 'error'}).`];
  const body = JSON.parse(answer.body) as { notes: { id: number; text: string; server: string }[]; data_dir: string };
  const survived = body.notes.some((n) => n.server === ctx.vars.writer) && reader !== ctx.vars.writer;
  return [
    ...body.notes.slice(-3).map((n) => `note ${n.id} "${n.text}" (written by ${n.server})`),
    survived
      ? `Pod ${reader} read it from ${body.data_dir}: the data lives on the claim, not in any pod. Without the claim, the note would have died with its pod.`
      : `Pod ${reader} is the pod that wrote the note, or does not have it: delete ${ctx.vars.writer ?? 'the writer'} (the step above) and look again.`,
  ];
}
