import { about } from '../catalog.js';
import type { Check } from '../../src/checks/check.js';
import { fail, pass } from '../../src/checks/check.js';
import { podReplaced } from '../../src/checks/workload.js';
import { replicasReady } from '../lib/app.js';
import { act, defineLesson, explain, tryIt, waitFor } from '../../src/course/lesson.js';
import { POD_HEADER, podRow } from '../../src/kube/tables.js';
import { formatTable } from '../../src/ui/ui.js';
import { IMAGE, namespaceNeed, sampleImageNeed } from '../lib/app.js';
import type { LessonContext } from '../../src/course/lesson.js';
import type { KubeObject } from '../../src/kube/types.js';

const BARE_POD = 'core-demo-pod';
const DEMO = 'core-demo';

const restricted = {
  securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
};
const container = {
  name: 'app',
  image: IMAGE,
  imagePullPolicy: 'Never',
  ports: [{ containerPort: 8000 }],
  env: [{ name: 'APP_NAME', value: DEMO }],
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'data', mountPath: '/app/data' }],
};
const volumes = [{ name: 'tmp', emptyDir: {} }, { name: 'data', emptyDir: {} }];

function barePod(): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: BARE_POD, labels: { app: BARE_POD } }, spec: { ...restricted, containers: [container], volumes } };
}

function demoDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: DEMO, labels: { app: DEMO } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: DEMO } },
      template: { metadata: { labels: { app: DEMO } }, spec: { ...restricted, containers: [container], volumes } },
    },
  };
}

const barePodRef = { apiVersion: 'v1', kind: 'Pod', name: BARE_POD };

const barePodGone: Check = {
  name: 'the bare pod stayed deleted',
  watches: [{ apiVersion: 'v1', kind: 'Pod' }],
  async evaluate(ctx) {
    const pod = await ctx.kube.get(barePodRef);
    if (!pod) return pass(this.name, `pod ${BARE_POD} is gone, and nothing brought it back`);
    return fail(this.name, `pod ${BARE_POD} still exists${pod.metadata.deletionTimestamp ? ' (terminating)' : ''}`, {
      path: 'pods', expected: 'deleted', actual: 'exists', fix: `kubectl delete pod ${BARE_POD} -n ${ctx.namespace}`,
    });
  },
};

async function podTable(ctx: LessonContext): Promise<string[]> {
  const pods = await ctx.kube.list('v1', 'Pod', { labelSelector: `app in (${BARE_POD},${DEMO})` });
  return formatTable([...POD_HEADER, 'LABELS'], pods.map((p) => [...podRow(p), `app=${p.metadata.labels?.app ?? ''}`]));
}

export default defineLesson({
  ...about('core-concepts'),
  needs: [namespaceNeed, sampleImageNeed],
  steps: [
    explain([
      'Five words carry most of Kubernetes:',
      '  pod          one running copy of your app: one or more containers sharing an IP address and volumes',
      '  deployment   a manager that keeps N identical pods alive (through a ReplicaSet)',
      '  service      one stable address in front of a changing set of pods',
      '  namespace    a named space that keeps a group of objects apart',
      '  label        a key=value tag; selectors find objects by their labels',
    ]),
    act({
      say: `Creating a bare pod (${BARE_POD}) and a one-pod Deployment (${DEMO}) side by side`,
      kubectl: `kubectl run ${BARE_POD} --image=${IMAGE} --image-pull-policy=Never -n {ns}  &&  kubectl create deployment ${DEMO} --image=${IMAGE} -n {ns}`,
      async run(ctx) {
        await ctx.kube.apply(barePod());
        await ctx.kube.apply(demoDeployment());
        return [`pod/${BARE_POD} created`, `deployment.apps/${DEMO} created`];
      },
    }),
    waitFor({ say: 'Waiting for both pods to be Ready', until: [replicasReady(DEMO, 1), bareReady()] }),
    act({
      say: 'Here they are. Notice the labels: that is how the Deployment finds the pods it owns',
      kubectl: `kubectl get pods -l 'app in (${BARE_POD},${DEMO})' --show-labels -n {ns}`,
      run: podTable,
    }),
    explain([
      `The Deployment's selector is app=${DEMO}. Any pod with that label counts as one of its copies.`,
      'If there are fewer than it wants, it makes more. The bare pod has no such manager.',
    ]),
    tryIt({
      task: `Delete the bare pod ${BARE_POD} with kubectl, in another terminal.`,
      until: [barePodGone],
      hints: ['kubectl get pods -n {ns}', `kubectl delete pod ${BARE_POD} -n {ns}`],
      kubectl: `kubectl delete pod ${BARE_POD} -n {ns}`,
      async doIt(ctx) {
        await ctx.kube.delete(barePodRef, { gracePeriodSeconds: 1 });
      },
    }),
    explain(['Gone, and it stays gone. Nobody asked for it to exist, so nobody brings it back.']),
    tryIt({
      task: `Now delete the ${DEMO} Deployment's pod. Watch what happens.`,
      until: [podReplaced(DEMO), replicasReady(DEMO, 1)],
      hints: [`kubectl get pods -l app=${DEMO} -n {ns}`, `kubectl delete pod -l app=${DEMO} -n {ns}`],
      kubectl: `kubectl delete pod -l app=${DEMO} -n {ns}`,
      async doIt(ctx) {
        const [pod] = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${DEMO}` });
        if (pod) await ctx.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name }, { gracePeriodSeconds: 1 });
      },
    }),
    act({ say: 'A new pod, with a new name, took its place', kubectl: `kubectl get pods -l app=${DEMO} -n {ns}`, run: podTable }),
    explain([
      'That is the difference between a pod and a Deployment: the Deployment holds a wish ("1 copy"),',
      'and its controller acts whenever the cluster drifts from it. You will almost always use Deployments.',
    ]),
  ],
  check: [barePodGone, replicasReady(DEMO, 1), podReplaced(DEMO)],
  hints: [`kubectl delete pod ${BARE_POD} -n {ns}`, `kubectl delete pod -l app=${DEMO} -n {ns}`],
});

function bareReady(): Check {
  return {
    name: `pod ${BARE_POD} is Ready`,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    async evaluate(ctx) {
      const pod = await ctx.kube.get(barePodRef);
      const ready = (pod?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      if (ready) return pass(this.name, `pod ${BARE_POD} is Ready`);
      return fail(this.name, `pod ${BARE_POD} is not Ready yet`, { involvedPods: [BARE_POD], fix: `kubectl describe pod ${BARE_POD} -n ${ctx.namespace}` });
    },
  };
}
