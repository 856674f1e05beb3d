import { IMAGE, appPods, fail, formatTable, pass, podHeader, podRow, type Check, type KubeObject, type LessonContext } from '../kit.js';

/** Lesson 2's own objects: a bare pod, a one-pod Deployment and a Service in front of it. */

export const BARE_POD = 'core-demo-pod';
export const DEMO = 'core-demo';

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

export function barePod(): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: BARE_POD, labels: { app: BARE_POD } }, spec: { ...restricted, containers: [container], volumes } };
}

export function demoDeployment(): KubeObject {
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

export function demoService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: DEMO, labels: { app: DEMO } },
    spec: { selector: { app: DEMO }, ports: [{ port: 80, targetPort: 8000 }] },
  };
}

export const barePodRef = { apiVersion: 'v1', kind: 'Pod', name: BARE_POD };
export const demoServiceRef = { apiVersion: 'v1', kind: 'Service', name: DEMO };

/** What the kubectl commands for the three objects are (the tutor's own objects add a locked-down securityContext). */
export const CREATE_COMMANDS = [
  `kubectl run ${BARE_POD} --image=${IMAGE} --image-pull-policy=Never --labels=app=${BARE_POD} -n {ns}`,
  `kubectl create deployment ${DEMO} --image=${IMAGE} -n {ns}`,
  `kubectl expose deployment ${DEMO} --port=80 --target-port=8000 -n {ns}`,
];

export function ready(pod: KubeObject | undefined): boolean {
  return Boolean((pod?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}

export function podIp(pod: KubeObject | undefined): string | undefined {
  return (pod?.status as { podIP?: string } | undefined)?.podIP;
}

export function clusterIp(service: KubeObject | undefined): string | undefined {
  return (service?.spec as { clusterIP?: string } | undefined)?.clusterIP;
}

export const bareReady: Check = {
  name: `pod ${BARE_POD} is Ready`,
  watches: [{ apiVersion: 'v1', kind: 'Pod' }],
  async evaluate(ctx) {
    const pod = await ctx.kube.get(barePodRef);
    if (ready(pod)) return pass(bareReady.name, `pod ${BARE_POD} is Ready`);
    return fail(bareReady.name, `pod ${BARE_POD} is not Ready yet`, { involvedPods: [BARE_POD], fix: `kubectl describe pod ${BARE_POD} -n ${ctx.namespace}` });
  },
};

/**
 * The learner's delete: the bare pod that was there when the step began is gone (its UID is not in
 * the cluster any more), and nothing brought it back. Latching: it is an action.
 */
export const barePodDeleted: Check = {
  name: `you deleted the bare pod ${BARE_POD}, and it stayed deleted`,
  watches: [{ apiVersion: 'v1', kind: 'Pod' }],
  latch: true,
  async baseline(ctx) {
    const pod = await ctx.kube.get(barePodRef);
    return { uid: pod && !pod.metadata.deletionTimestamp ? pod.metadata.uid : undefined };
  },
  async evaluate(ctx) {
    const name = barePodDeleted.name;
    const before = (ctx.baseline as { uid?: string } | undefined)?.uid;
    const pod = await ctx.kube.get(barePodRef);
    const deleteIt = `kubectl delete pod ${BARE_POD} -n ${ctx.namespace}`;
    if (!before) {
      if (pod) return fail(name, `pod ${BARE_POD} still exists`, { path: 'pods', expected: 'deleted', actual: 'exists', fix: deleteIt });
      return fail(name, `there was no pod ${BARE_POD} to delete when this step began`, { path: 'pods', expected: `${BARE_POD} deleted by you`, actual: 'never there', fix: 'k8s-tutor lesson core-concepts (it creates the pod first)' });
    }
    if (pod?.metadata.uid === before) {
      return fail(name, `pod ${BARE_POD} still exists${pod.metadata.deletionTimestamp ? ' (terminating)' : ''}`, { path: 'pods', expected: 'deleted', actual: 'exists', fix: deleteIt });
    }
    return pass(name, `pod ${BARE_POD} is gone, and nothing brought it back`);
  },
};

/** NAME READY STATUS RESTARTS AGE IP (NODE) LABELS, for the lesson's pods, and the Service's line. */
export async function demoTable(ctx: LessonContext): Promise<string[]> {
  const [pods, service, nodes] = await Promise.all([
    ctx.kube.list('v1', 'Pod', { labelSelector: `app in (${BARE_POD},${DEMO})` }),
    ctx.kube.get(demoServiceRef),
    // Without the right to list nodes the table just has no NODE column.
    ctx.kube.list('v1', 'Node', { namespace: null }).catch(() => []),
  ]);
  const columns = { ip: true, node: nodes.length > 1 };
  const live = pods.filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const lines = formatTable([...podHeader(columns), 'LABELS'], live.map((p) => [...podRow(p, Date.now(), columns), `app=${p.metadata.labels?.app ?? ''}`]));
  if (service) lines.push('', `service/${DEMO}   ClusterIP ${clusterIp(service) ?? '?'}   port 80 → 8000 on the pods with app=${DEMO}`);
  return lines;
}

/** Before the learner deletes the Deployment's pod: its IP and the Service's ClusterIP, to compare after. */
export async function rememberAddresses(ctx: LessonContext): Promise<void> {
  const [[pod], service] = await Promise.all([appPods(ctx, { app: DEMO }), ctx.kube.get(demoServiceRef)]);
  ctx.facts.demoPod = pod?.metadata.name;
  ctx.facts.demoPodIp = podIp(pod);
  ctx.facts.demoClusterIp = clusterIp(service);
}

interface Addresses {
  pod: string;
  ip: string;
  clusterIp: string;
}

/** The Deployment's pod, its IP and the Service's ClusterIP, as remembered before the learner's delete and now, and their BEFORE/NOW table. */
export async function addressesBeforeAndNow(ctx: LessonContext): Promise<{ before: Addresses; now: Addresses; table: string[] }> {
  const [[pod], service] = await Promise.all([appPods(ctx, { app: DEMO }), ctx.kube.get(demoServiceRef)]);
  const before = { pod: String(ctx.facts.demoPod ?? '?'), ip: String(ctx.facts.demoPodIp ?? '?'), clusterIp: String(ctx.facts.demoClusterIp ?? '?') };
  const now = { pod: pod?.metadata.name ?? '(none yet)', ip: podIp(pod) ?? '(none yet)', clusterIp: clusterIp(service) ?? '?' };
  const table = formatTable(['', 'BEFORE', 'NOW'], [
    [`the ${DEMO} pod`, before.pod, now.pod],
    ['its IP', before.ip, now.ip],
    [`Service ${DEMO}'s ClusterIP`, before.clusterIp, now.clusterIp],
  ]);
  return { before, now, table };
}
