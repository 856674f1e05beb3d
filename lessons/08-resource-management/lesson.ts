import {
  about, act, APP, appPods, applyStep, byName, DEPLOYMENT, defineLesson, deploymentNeed, eventsAbout, explain, fixByApplying, formatTable, matches,
  namespaceNeed, parseQuantity, podTable, podUnschedulable, replicasReady, restartsOf, rolloutUndo, timelineOf, waitFor, type LessonContext,
} from '../kit.js';

const RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

export const resourcesAsInGuide = matches(
  DEPLOYMENT,
  { spec: { template: { spec: { containers: byName([{ name: APP, resources: RESOURCES }]) } } } },
  { name: 'Deployment fastapi-k8s: requests 100m/128Mi, limits 500m/256Mi', ...fixByApplying('deployment-resources.yaml') },
);

const pods = (ctx: LessonContext) => appPods(ctx, { order: 'name' });

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
    applyStep('deployment-resources.yaml', {
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
        return [
          `${String(info.server)}: cpu_request ${String(info.cpu_request)}, cpu_limit ${String(info.cpu_limit)}, memory_request ${String(info.memory_request)}, memory_limit ${String(info.memory_limit)}`,
          'How does the app know? The downward API: a pod can be handed facts about itself, without asking the API server.',
          'The manifest maps its own requests and limits (resourceFieldRef) and its name and node (fieldRef) into environment variables.',
        ];
      },
    }),
    explain([
      'The units. CPU: 1 is one core, 500m (millicores) is half a core, 100m a tenth.',
      `Memory: Mi is binary, 128Mi = 128 × 1,048,576 = ${(128 * 2 ** 20).toLocaleString('en-US')} bytes;`,
      `M is decimal, 128M = ${(128 * 1e6).toLocaleString('en-US')} bytes, about 5% less. Write Mi/Gi unless you mean M/G.`,
    ]),
    act({
      say: 'Asking for more CPU than any node has',
      sets: ['bigCpu'],
      kubectl: `kubectl set resources deployment ${APP} --requests=cpu={bigCpu} --limits=cpu={bigCpu} -n {ns}`,
      async run(ctx) {
        const cores = await biggestNodeCpu(ctx);
        ctx.vars.bigCpu = String(Math.ceil(cores) + 1);
        await ctx.kube.patch(DEPLOYMENT, resourcesPatch(ctx.vars.bigCpu), 'strategic');
        return [`the biggest node offers ${cores} CPU; the new pod asks for ${ctx.vars.bigCpu}`];
      },
    }),
    waitFor({ say: 'Waiting for the scheduler to give up on the new pod', until: [podUnschedulable(APP)], timeoutMs: 60_000 }),
    act({
      say: 'The pods, and what the scheduler said',
      kubectl: `kubectl get pods -l app=${APP} -n {ns}; kubectl get events --field-selector reason=FailedScheduling -n {ns}`,
      async run(ctx) {
        const all = await pods(ctx);
        const pending = all.find((p) => (p.status as { phase?: string } | undefined)?.phase === 'Pending');
        const [event] = pending ? (await eventsAbout(ctx, { kind: 'Pod', name: pending.metadata.name }, { reason: 'FailedScheduling' })).slice(-1) : [];
        return [...(await podTable(ctx, all)), event ? `FailedScheduling (pod ${pending!.metadata.name}): ${String(event.message ?? '')}` : 'No FailedScheduling event kept yet; `kubectl describe pod` on the Pending pod shows the reason.'];
      },
    }),
    explain([
      'The new pod stays Pending: no node has the room, and the scheduler says so in a FailedScheduling event.',
      'On a cluster with several nodes it counts every node it ruled out, and why (Insufficient cpu, a taint…).',
      'The old pods keep serving, because maxUnavailable is 0: an old pod only goes once a new one is Ready.',
      'The fix is to take the change back: `kubectl rollout undo` returns to the template you had before it.',
    ]),
    act({
      say: 'Taking it back: undoing the too-big request',
      kubectl: `kubectl rollout undo deployment ${APP} -n {ns}`,
      async run(ctx) {
        const restored = await rolloutUndo(ctx.kube, APP);
        return [`back to revision ${restored.revision}'s template`];
      },
    }),
    waitFor({ say: 'Waiting for the Pending pod to go and all 5 to be ready', until: [replicasReady(APP, 5)] }),
    explain('Now memory. GET /memory?mb=300 makes the app hold 300 MiB, over its 256Mi limit. The kernel kills it.'),
    act({
      say: 'Allocating 300 MiB in one pod (GET /memory?mb=300)',
      sets: ['oomPod'],
      kubectl: 'kubectl port-forward pod/{oomPod} 8000 -n {ns} &  curl "localhost:8000/memory?mb=300"',
      async run(ctx) {
        const [pod] = await pods(ctx);
        if (!pod) return ['no running pod'];
        const name = pod.metadata.name;
        ctx.vars.oomPod = name;
        const before = restartsOf(pod);
        const shown = await timelineOf(
          ctx,
          // The request never answers (the container dies under it): fire it, ignore its failure, and watch the pod instead.
          async () => void ctx.kube.proxy({ kind: 'pod', name, port: 8000 }, '/memory?mb=300').catch(() => undefined),
          (v) => (v.restarts[name] ?? 0) > before && v.readyPods >= 5,
          { timeoutMs: 60_000 },
        );
        const after = (await pods(ctx)).find((p) => p.metadata.name === name);
        const last = (after?.status as { containerStatuses?: { lastState?: { terminated?: { reason?: string; exitCode?: number } } }[] } | undefined)?.containerStatuses?.[0]?.lastState?.terminated;
        return [
          ...shown.lines,
          '',
          ...(await podTable(ctx, after ? [after] : [])),
          `lastState.terminated.reason: ${last?.reason ?? 'not yet'}${last?.exitCode !== undefined ? ` (exit code ${last.exitCode}: killed by signal 9)` : ''}`,
          'Killed and restarted in place, like the crash in lesson 6. A memory leak looks like this: RESTARTS climbing, OOMKilled each time.',
        ];
      },
    }),
    act({
      say: 'Usage against requests (metrics-server)',
      kubectl: `kubectl top pods -l app=${APP} -n {ns}`,
      async run(ctx) {
        // metrics.k8s.io serves PodMetrics at .../pods; listing it as kind Pod gives that path. No metrics API: said below.
        const metrics = await ctx.kube.list('metrics.k8s.io/v1beta1', 'Pod', { labelSelector: `app=${APP}` }).catch(() => undefined);
        if (!metrics) return ['metrics are not available on this cluster (no metrics-server), so `kubectl top` has nothing to show and there is nothing to compare. Lesson 9 says how to get it.'];
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
