import { APP, ClusterError, SERVICE, about, act, defineLesson, deploymentNeed, explain, features, namespaceNeed, replicasReady, tryIt } from '../kit.js';
import { storagePlan } from '../lib/adapt.js';
import { noteOutlivedPod } from '../lib/checks/notes.js';
import { pvcBound } from '../lib/checks/pvc.js';
import { claimOnOneNode, mountsClaim } from './checks.js';
import { applyStorage, claimVolumeAndPods, readNotes, readWriteOnceOnNodes } from './steps.js';

const CLAIM = 'data-pvc';
const DATA = '/app/data';
const noteSurvived = noteOutlivedPod(APP, SERVICE.name);
const mounted = mountsClaim(CLAIM, DATA);
const oneNode = claimOnOneNode(CLAIM);

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
      run: readWriteOnceOnNodes,
    }),
    tryIt({
      task: 'Create the claim and mount it: apply {manifests}/storage.yaml and {manifests}/deployment-storage.yaml.{oneReplica}',
      until: [pvcBound(CLAIM), mounted, oneNode, replicasReady(APP)],
      hints: ['kubectl apply -f {manifests}/storage.yaml -n {ns}', 'kubectl apply -f {manifests}/storage.yaml -f {manifests}/deployment-storage.yaml -n {ns}'],
      kubectl: 'kubectl apply -f {manifests}/storage.yaml -f {manifests}/deployment-storage.yaml -n {ns}',
      async doIt(ctx) {
        for (const line of await applyStorage(ctx, CLAIM)) ctx.ui.dim(line);
      },
    }),
    act({
      say: 'The claim, the volume it is bound to, and where the pods run',
      kubectl: 'kubectl get pvc,pv -n {ns}  &&  kubectl get pods -o wide -n {ns}',
      run: (ctx) => claimVolumeAndPods(ctx, CLAIM),
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
      run: readNotes,
    }),
  ],
  check: [pvcBound(CLAIM), mounted, oneNode, noteSurvived],
  hints: ['kubectl apply -f {manifests}/storage.yaml -f {manifests}/deployment-storage.yaml -n {ns}', 'kubectl get pvc -n {ns}', `kubectl scale deployment ${APP} --replicas=1 -n {ns}`, 'kubectl delete pod <the pod that wrote the note> -n {ns}'],
});
