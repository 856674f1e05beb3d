import {
  APP, ClusterError, IMAGE, SERVICE, about, act, applyManifest, appPods, defineLesson, deploymentNeed, explain, features, formatTable, namespaceNeed,
  podTable, replicasReady, tryIt, type KubeObject, type LessonContext,
} from '../kit.js';
import { storagePlan, withDataDirOwner } from '../lib/adapt.js';
import { noteOutlivedPod } from '../lib/checks/notes.js';
import { pvcBound } from '../lib/checks/pvc.js';
import { claimOnOneNode, mountsClaim, nodesOf } from './checks.js';

const CLAIM = 'data-pvc';
const DATA = '/app/data';
const CLAIM_REF = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: CLAIM };
const noteSurvived = noteOutlivedPod(APP, SERVICE.name);
const mounted = mountsClaim(CLAIM, DATA);
const oneNode = claimOnOneNode(CLAIM);

async function nodeNames(ctx: LessonContext): Promise<string[]> {
  return (await ctx.kube.list('v1', 'Node', { namespace: null })).map((n) => n.metadata.name);
}

/**
 * The tutor's apply: with no default StorageClass, the Deployment needs the hostPath volume's
 * directory handed to the app's user; on several nodes, one replica keeps the ReadWriteOnce claim on one node.
 */
async function applyStorage(ctx: LessonContext): Promise<string[]> {
  const plan = storagePlan(await features(ctx), ctx.namespace, CLAIM);
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

export default defineLesson({
  ...about('persistent-storage'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'A container\'s files die with it; so does an emptyDir volume, with its pod. Your app keeps its notes in',
      `${DATA}, which has been an emptyDir so far. For data that must outlive pods, three objects meet:`,
      '  PersistentVolume (PV)        a piece of storage: a disk, a cloud volume, a directory on a node',
      '  PersistentVolumeClaim (PVC)  a pod-side request: "1Gi, mounted read-write by one node"',
      '  StorageClass                 how to make a PV on demand when a claim needs one',
      'Pod ──uses──► PVC ──bound to──► PV ──backed by──► real storage',
    ]),
    act({
      say: 'Looking for a default StorageClass',
      kubectl: 'kubectl get storageclass',
      async run(ctx) {
        const plan = storagePlan(await features(ctx), ctx.namespace, CLAIM);
        if (plan.kind === 'dynamic') return [`Default StorageClass: ${plan.storageClass}. A claim without a class gets a new volume from it automatically.`];
        ctx.ui.warn('This cluster has no default StorageClass, so nothing would create a volume for the claim.');
        ctx.ui.say(`The tutor can create one PersistentVolume for it: a directory on the node (hostPath ${plan.path}), labelled as the tutor's and removed by \`k8s-tutor reset\`.`);
        const go = ctx.yes || (await ctx.ui.confirm('Create that PersistentVolume (a cluster-wide object)?', { default: true, signal: ctx.signal }));
        if (!go) throw new ClusterError('the claim would stay Pending without a volume', 'Install a provisioner (e.g. rancher local-path-provisioner, or `microk8s enable hostpath-storage`), or rerun the lesson and accept the hostPath volume.');
        await ctx.kube.apply(plan.volume);
        return [`persistentvolume/${plan.volume.metadata.name} created (hostPath ${plan.path}, 1Gi, reserved for ${ctx.namespace}/${CLAIM})`, 'A hostPath directory belongs to root, so the Deployment gets a small init container that hands it to the app\'s user.'];
      },
    }),
    act({
      say: 'ReadWriteOnce, and how many nodes this cluster has',
      kubectl: 'kubectl get nodes',
      sets: ['oneReplica'],
      async run(ctx) {
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
      },
    }),
    tryIt({
      task: 'Create the claim and mount it: apply {manifests}/storage.yaml and {manifests}/deployment-storage.yaml.{oneReplica}',
      until: [pvcBound(CLAIM), mounted, oneNode, replicasReady(APP)],
      hints: ['kubectl apply -f {manifests}/storage.yaml -n {ns}', 'kubectl apply -f {manifests}/storage.yaml -f {manifests}/deployment-storage.yaml -n {ns}'],
      kubectl: 'kubectl apply -f {manifests}/storage.yaml -f {manifests}/deployment-storage.yaml -n {ns}',
      async doIt(ctx) {
        for (const line of await applyStorage(ctx)) ctx.ui.dim(line);
      },
    }),
    act({
      say: 'The claim, the volume it is bound to, and where the pods run',
      kubectl: 'kubectl get pvc,pv -n {ns}  &&  kubectl get pods -o wide -n {ns}',
      async run(ctx) {
        const pvc = await ctx.kube.get(CLAIM_REF);
        if (!pvc) return ['No claim yet (the step above is yours).'];
        const spec = pvc.spec as { volumeName?: string; storageClassName?: string; accessModes?: string[] } | undefined;
        const pv = spec?.volumeName ? await ctx.kube.get({ apiVersion: 'v1', kind: 'PersistentVolume', name: spec.volumeName }) : undefined;
        const pvSpec = pv?.spec as { capacity?: { storage?: string }; persistentVolumeReclaimPolicy?: string; hostPath?: { path?: string } } | undefined;
        const pods = await appPods(ctx);
        return [
          ...formatTable(['PVC', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS', 'CLASS'], [[CLAIM, String((pvc.status as { phase?: string } | undefined)?.phase), spec?.volumeName ?? '', pvSpec?.capacity?.storage ?? '', (spec?.accessModes ?? []).join(','), spec?.storageClassName ?? '']]),
          '',
          `The PV ${spec?.volumeName ?? ''} ${pvSpec?.hostPath?.path ? `is the directory ${pvSpec.hostPath.path} on the node; ` : ''}its reclaim policy is ${pvSpec?.persistentVolumeReclaimPolicy ?? '?'}:`,
          'Delete means the volume goes when the claim is deleted; Retain would keep it for an admin to recover.',
          '',
          ...(await podTable(ctx, pods)),
          `${pods.length} pod(s) on ${nodesOf(pods).length} node(s) mount the claim.`,
        ];
      },
    }),
    act({
      say: 'Writing a note through the Service',
      kubectl: `kubectl create --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/notes -f note.json   # note.json: {"text": "hello"}`,
      sets: ['writer'],
      async run(ctx) {
        const answer = await ctx.kube.proxy({ kind: 'service', name: SERVICE.name, port: 80 }, '/notes', 'POST', { text: `written at ${new Date().toISOString()}` });
        if (answer.status !== 201) throw new ClusterError(`POST /notes answered ${answer.status}: ${answer.body.slice(0, 120)}`, `kubectl logs -l app=${APP} -n ${ctx.namespace}`);
        const note = JSON.parse(answer.body) as { id: number; text: string; server: string };
        ctx.vars.writer = note.server;
        return [`note ${note.id} "${note.text}", written by pod ${note.server} into ${DATA}`];
      },
    }),
    tryIt({
      task: 'Delete the pod that wrote it: {writer}. The Deployment will replace it.',
      until: [noteSurvived, replicasReady(APP)],
      hints: ['kubectl get pods -n {ns}', 'kubectl delete pod {writer} -n {ns}'],
      kubectl: 'kubectl delete pod {writer} -n {ns}',
      async doIt(ctx) {
        await ctx.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: ctx.vars.writer ?? '' });
      },
    }),
    act({
      say: 'Reading the notes from the newest pod',
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/pods/{reader}:8000/proxy/notes`,
      sets: ['reader'],
      async run(ctx) {
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
      },
    }),
  ],
  check: [pvcBound(CLAIM), mounted, oneNode, noteSurvived],
  hints: ['kubectl apply -f {manifests}/storage.yaml -f {manifests}/deployment-storage.yaml -n {ns}', 'kubectl get pvc -n {ns}', `kubectl scale deployment ${APP} --replicas=1 -n {ns}`, 'kubectl delete pod <the pod that wrote the note> -n {ns}'],
});
