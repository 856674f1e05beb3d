import { learnerManifest } from '../../src/course/workdir.js';
import { about } from '../catalog.js';
import { byName } from '../../src/checks/match.js';
import { noteOutlivedPod } from '../lib/checks/notes.js';
import { matches } from '../../src/checks/object.js';
import { pvcBound } from '../lib/checks/pvc.js';
import { replicasReady } from '../lib/app.js';
import { applyManifest } from '../../src/course/apply.js';
import { act, defineLesson, explain, tryIt, type LessonContext } from '../../src/course/lesson.js';
import { ClusterError } from '../../src/errors.js';
import { storagePlan, withDataDirOwner } from '../lib/adapt.js';
import { formatTable } from '../../src/ui/ui.js';
import { APP, DEPLOYMENT, IMAGE, SERVICE, deploymentNeed, namespaceNeed } from '../lib/app.js';
import { features } from '../lib/deployment.js';
import { appPods } from '../lib/objects.js';

const CLAIM = 'data-pvc';
const CLAIM_REF = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: CLAIM };
const noteSurvived = noteOutlivedPod(APP, SERVICE.name);
const applyBoth = (ns: string) => `kubectl apply -f ${learnerManifest('storage.yaml')} -f ${learnerManifest('deployment-storage.yaml')} -n ${ns}`;

export const mountsClaim = matches(
  DEPLOYMENT,
  {
    spec: {
      template: {
        spec: {
          containers: byName([{ name: APP, volumeMounts: byName([{ name: 'data', mountPath: '/app/data' }]) }]),
          volumes: byName([{ name: 'data', persistentVolumeClaim: { claimName: CLAIM } }]),
        },
      },
    },
  },
  { name: `Deployment ${APP} mounts ${CLAIM} at /app/data`, create: (ctx) => applyBoth(ctx.namespace), fix: (_m, ctx) => applyBoth(ctx.namespace) },
);

/** With no default StorageClass, the lesson's Deployment needs the hostPath volume's directory handed to the app's user. */
async function applyStorage(ctx: LessonContext): Promise<string[]> {
  const plan = storagePlan(await features(ctx), ctx.namespace, CLAIM);
  const lines = await applyManifest(ctx, 'storage.yaml');
  lines.push(...(await applyManifest(ctx, 'deployment-storage.yaml', (o) => (plan.kind === 'hostPath' && o.kind === 'Deployment' ? withDataDirOwner(o, IMAGE) : o))));
  return lines;
}

export default defineLesson({
  ...about('persistent-storage'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'A container\'s files die with it; so does an emptyDir volume, with its pod. Your app keeps its notes in',
      '/app/data, which has been an emptyDir so far. For data that must outlive pods, three objects meet:',
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
    tryIt({
      task: 'Create the claim and mount it: apply {manifests}/storage.yaml and {manifests}/deployment-storage.yaml.',
      until: [pvcBound(CLAIM), mountsClaim, replicasReady(APP)],
      hints: ['kubectl apply -f {manifests}/storage.yaml -n {ns}', 'kubectl apply -f {manifests}/storage.yaml -f {manifests}/deployment-storage.yaml -n {ns}'],
      kubectl: 'kubectl apply -f {manifests}/storage.yaml -f {manifests}/deployment-storage.yaml -n {ns}',
      async doIt(ctx) {
        for (const line of await applyStorage(ctx)) ctx.ui.dim(line);
      },
    }),
    act({
      say: 'The claim and the volume it is bound to',
      kubectl: 'kubectl get pvc,pv -n {ns}',
      async run(ctx) {
        const pvc = await ctx.kube.get(CLAIM_REF);
        const spec = pvc?.spec as { volumeName?: string; storageClassName?: string; accessModes?: string[] } | undefined;
        const pv = spec?.volumeName ? await ctx.kube.get({ apiVersion: 'v1', kind: 'PersistentVolume', name: spec.volumeName }) : undefined;
        const pvSpec = pv?.spec as { capacity?: { storage?: string }; persistentVolumeReclaimPolicy?: string; hostPath?: { path?: string } } | undefined;
        return [
          ...formatTable(['PVC', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS', 'CLASS'], [[CLAIM, String((pvc?.status as { phase?: string } | undefined)?.phase), spec?.volumeName ?? '', pvSpec?.capacity?.storage ?? '', (spec?.accessModes ?? []).join(','), spec?.storageClassName ?? '']]),
          '',
          `The PV ${spec?.volumeName ?? ''} ${pvSpec?.hostPath?.path ? `is the directory ${pvSpec.hostPath.path} on the node; ` : ''}its reclaim policy is ${pvSpec?.persistentVolumeReclaimPolicy ?? '?'}:`,
          'Delete means the volume goes when the claim is deleted; Retain would keep it for an admin to recover.',
          'ReadWriteOnce: one node mounts it read-write. On a single-node cluster all the pods share it.',
        ];
      },
    }),
    act({
      say: 'Writing a note through the Service',
      kubectl: `kubectl create --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/notes -f note.json`,
      async run(ctx) {
        const answer = await ctx.kube.proxy({ kind: 'service', name: SERVICE.name, port: 80 }, '/notes', 'POST', { text: `written at ${new Date().toISOString()}` });
        if (answer.status !== 201) throw new ClusterError(`POST /notes answered ${answer.status}: ${answer.body.slice(0, 120)}`, `kubectl logs -l app=${APP} -n ${ctx.namespace}`);
        const note = JSON.parse(answer.body) as { id: number; text: string; server: string };
        ctx.vars.writer = note.server;
        return [`note ${note.id} "${note.text}", written by pod ${note.server} into /app/data on the claim`];
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
      say: 'Reading the notes from a pod that did not exist when the note was written',
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/pods/{reader}:8000/proxy/notes`,
      async run(ctx) {
        const pods = await appPods(ctx);
        const reader = pods[pods.length - 1]!.metadata.name;
        ctx.vars.reader = reader;
        const answer = await ctx.kube.proxy({ kind: 'pod', name: reader, port: 8000 }, '/notes');
        const body = JSON.parse(answer.body) as { notes: { id: number; text: string; server: string }[]; data_dir: string };
        return [
          ...body.notes.slice(-3).map((n) => `note ${n.id} "${n.text}" (written by ${n.server})`),
          `Pod ${reader} read it from ${body.data_dir}: the data lives on the claim, not in any pod.`,
          'Without the claim, the note would have died with its pod.',
        ];
      },
    }),
  ],
  check: [pvcBound(CLAIM), mountsClaim, noteSurvived],
  hints: ['kubectl apply -f {manifests}/storage.yaml -f {manifests}/deployment-storage.yaml -n {ns}', 'kubectl get pvc -n {ns}', `kubectl delete pod <the pod that wrote the note> -n {ns}`],
});
