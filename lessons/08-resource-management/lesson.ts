import { learnerManifest } from '../../src/course/workdir.js';
import { about } from '../catalog.js';
import { byName } from '../../src/checks/match.js';
import { matches } from '../../src/checks/object.js';
import { parseQuantity } from '../../src/checks/quantity.js';
import { podUnschedulable } from '../../src/checks/scheduling.js';
import { replicasReady } from '../lib/app.js';
import { applyManifest } from '../../src/course/apply.js';
import { act, defineLesson, explain, waitFor, type LessonContext } from '../../src/course/lesson.js';
import { waitUntil } from '../../src/course/wait.js';
import { POD_HEADER, podRow } from '../../src/kube/tables.js';
import type { KubeObject } from '../../src/kube/types.js';
import { formatTable } from '../../src/ui/ui.js';
import { APP, DEPLOYMENT, deploymentNeed, namespaceNeed, tryApply } from '../lib/app.js';
import { timelineOf } from '../lib/timeline.js';

const RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

export const resourcesAsInGuide = matches(
  DEPLOYMENT,
  { spec: { template: { spec: { containers: byName([{ name: APP, resources: RESOURCES }]) } } } },
  {
    name: 'Deployment fastapi-k8s: requests 100m/128Mi, limits 500m/256Mi',
    create: (ctx) => `kubectl apply -f ${learnerManifest('deployment-resources.yaml')} -n ${ctx.namespace}`,
    fix: (_m, ctx) => `kubectl apply -f ${learnerManifest('deployment-resources.yaml')} -n ${ctx.namespace}`,
  },
);

async function pods(ctx: LessonContext): Promise<KubeObject[]> {
  const all = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${APP}` });
  return all.filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** The largest CPU a node can give pods, in cores. */
async function biggestNodeCpu(ctx: LessonContext): Promise<number> {
  const nodes = await ctx.kube.list('v1', 'Node', { namespace: null });
  return Math.max(1, ...nodes.map((n) => parseQuantity((n.status as { allocatable?: { cpu?: string } } | undefined)?.allocatable?.cpu) ?? 0));
}

function resourcesPatch(cpu: string): unknown {
  return { spec: { template: { spec: { containers: [{ name: APP, resources: { requests: { cpu }, limits: { cpu } } }] } } } };
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)}Mi`;
const millicores = (cores: number) => `${Math.round(cores * 1000)}m`;

export default defineLesson({
  ...about('resource-management'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'Until now the pods could use any amount of CPU and memory. On a shared cluster one runaway container can then',
      'starve everything next to it. Each container can state two numbers per resource:',
      '- requests: what it is guaranteed. The scheduler only places a pod on a node with that much left unreserved.',
      '- limits: the most it may use. Over the CPU limit it is slowed down (throttled); over the memory limit it is killed (OOMKilled).',
    ]),
    tryApply('deployment-resources.yaml', {
      task: 'Apply {manifests}/deployment-resources.yaml with kubectl: requests cpu 100m / memory 128Mi, limits cpu 500m / memory 256Mi.',
      until: [resourcesAsInGuide, replicasReady(APP, 5)],
      hints: ['kubectl apply -f <file> -n {ns}', 'kubectl apply -f {manifests}/deployment-resources.yaml -n {ns}'],
    }),
    act({
      say: 'What a pod now knows about itself (GET /info, through the Service via the API server)',
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/info`,
      async run(ctx) {
        const answer = await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, '/info');
        const info = JSON.parse(answer.body) as Record<string, unknown>;
        return [`${String(info.server)}: cpu_request ${String(info.cpu_request)}, cpu_limit ${String(info.cpu_limit)}, memory_request ${String(info.memory_request)}, memory_limit ${String(info.memory_limit)}`, 'They reach the app through the downward API (resourceFieldRef in the manifest).'];
      },
    }),
    explain([
      'The units. CPU: 1 is one core, 500m (millicores) is half a core, 100m a tenth.',
      `Memory: Mi is binary, 128Mi = 128 × 1,048,576 = ${(128 * 2 ** 20).toLocaleString('en-US')} bytes;`,
      `M is decimal, 128M = ${(128 * 1e6).toLocaleString('en-US')} bytes, about 5% less. Write Mi/Gi unless you mean M/G.`,
    ]),
    act({
      say: 'Asking for more CPU than any node has',
      kubectl: `kubectl set resources deployment ${APP} --requests=cpu={bigCpu} --limits=cpu={bigCpu} -n {ns}`,
      async run(ctx) {
        const cores = await biggestNodeCpu(ctx);
        ctx.vars.bigCpu = String(Math.ceil(cores) + 1);
        await ctx.kube.patch(DEPLOYMENT, resourcesPatch(ctx.vars.bigCpu), 'strategic');
        const outcome = await waitUntil([podUnschedulable(APP)], ctx, { timeoutMs: 60_000, signal: ctx.signal });
        const events = await ctx.kube.list('v1', 'Event', { fieldSelector: 'reason=FailedScheduling' });
        const latest = events.at(-1) as { message?: string; involvedObject?: { name?: string } } | undefined;
        return [
          `the biggest node offers ${cores} CPU; the new pods ask for ${ctx.vars.bigCpu}`,
          ...formatTable(POD_HEADER, (await pods(ctx)).map((p) => podRow(p))),
          outcome.passed && latest ? `FailedScheduling (pod ${latest.involvedObject?.name}): ${latest.message ?? ''}` : outcome.results[0]?.message ?? '',
        ];
      },
    }),
    explain([
      'The new pod stays Pending: no node has the room, and the scheduler says so in a FailedScheduling event.',
      'The old pods keep serving, because maxUnavailable is 0: an old pod only goes once a new one is Ready.',
      'The fix is a request that fits. Re-applying the file puts 100m back.',
    ]),
    act({
      say: 'Fixing it: re-applying {manifests}/deployment-resources.yaml',
      kubectl: 'kubectl apply -f {manifests}/deployment-resources.yaml -n {ns}',
      async run(ctx) {
        return applyManifest(ctx, 'deployment-resources.yaml');
      },
    }),
    waitFor({ say: 'Waiting for the Pending pod to go and all 5 to be ready', until: [resourcesAsInGuide, replicasReady(APP, 5)] }),
    explain('Now memory. GET /memory?mb=300 makes the app hold 300 MiB, over its 256Mi limit. The kernel kills it.'),
    act({
      say: 'Allocating 300 MiB in one pod (GET /memory?mb=300)',
      kubectl: 'kubectl port-forward pod/{oomPod} 8000 -n {ns} &  curl "localhost:8000/memory?mb=300"',
      async run(ctx) {
        const [pod] = await pods(ctx);
        if (!pod) return ['no running pod'];
        const name = pod.metadata.name;
        ctx.vars.oomPod = name;
        const before = (pod.status as { containerStatuses?: { restartCount?: number }[] } | undefined)?.containerStatuses?.[0]?.restartCount ?? 0;
        // The request never answers: the container dies under it. Fire it and watch the pod instead.
        const shown = await timelineOf(ctx, async () => void ctx.kube.proxy({ kind: 'pod', name, port: 8000 }, '/memory?mb=300').catch(() => undefined), (v) => (v.restarts[name] ?? 0) > before && v.readyPods >= 5, { timeoutMs: 60_000 });
        const after = (await pods(ctx)).find((p) => p.metadata.name === name);
        const last = (after?.status as { containerStatuses?: { lastState?: { terminated?: { reason?: string; exitCode?: number } } }[] } | undefined)?.containerStatuses?.[0]?.lastState?.terminated;
        return [
          ...shown.lines,
          '',
          ...formatTable(POD_HEADER, after ? [podRow(after)] : []),
          `lastState.terminated.reason: ${last?.reason ?? 'not yet'}${last?.exitCode !== undefined ? ` (exit code ${last.exitCode}: killed by signal 9)` : ''}`,
          'Killed and restarted in place, like the crash in lesson 6. A memory leak looks like this: RESTARTS climbing, OOMKilled each time.',
        ];
      },
    }),
    act({
      say: 'Usage against requests (metrics-server)',
      kubectl: `kubectl top pods -l app=${APP} -n {ns}`,
      async run(ctx) {
        // metrics.k8s.io serves PodMetrics at .../pods; listing it as kind Pod gives that path.
        const metrics = await ctx.kube.list('metrics.k8s.io/v1beta1', 'Pod', { labelSelector: `app=${APP}` }).catch(() => undefined);
        if (!metrics) return ['metrics are not available on this cluster (no metrics-server), so there is nothing to compare. Lesson 9 covers it.'];
        if (metrics.length === 0) return ['metrics-server has no numbers for these pods yet (it samples every 15 s or so); try `kubectl top pods` in a minute.'];
        const rows = metrics.map((m) => {
          const usage = (m.containers as { usage?: { cpu?: string; memory?: string } }[] | undefined)?.[0]?.usage ?? {};
          const cpu = parseQuantity(usage.cpu) ?? 0;
          const memory = parseQuantity(usage.memory) ?? 0;
          return [m.metadata.name, millicores(cpu), `${Math.round((cpu / 0.1) * 100)}% of 100m`, mib(memory), `${Math.round((memory / (128 * 2 ** 20)) * 100)}% of 128Mi`];
        });
        return [...formatTable(['NAME', 'CPU', 'VS REQUEST', 'MEMORY', 'VS REQUEST'], rows), 'Idle pods use far less than they reserve; requests are a reservation, not a measurement. Size them from numbers like these.'];
      },
    }),
    waitFor({ say: 'Waiting for all 5 replicas to be ready', until: [replicasReady(APP, 5)] }),
  ],
  check: [resourcesAsInGuide, replicasReady(APP, 5)],
  hints: ['kubectl apply -f {manifests}/deployment-resources.yaml -n {ns}', `kubectl describe deployment ${APP} -n {ns}`],
});
