import {
  about, act, APP, applyStep, byName, DEPLOYMENT, defineLesson, deploymentNeed, eventsAbout, explain, fixByApplying, matches,
  namespaceNeed, podTable, podUnschedulable, replicasReady, rolloutUndo, waitFor,
} from '../kit.js';
import { allocateOverMemoryLimit, biggestNodeCpu, pods, resourcesPatch, schedulerSaidWhy, usageAgainstRequests } from './steps.js';

const RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

export const resourcesAsInGuide = matches(
  DEPLOYMENT,
  { spec: { template: { spec: { containers: byName([{ name: APP, resources: RESOURCES }]) } } } },
  { name: 'Deployment fastapi-k8s: requests 100m/128Mi, limits 500m/256Mi', ...fixByApplying('deployment-resources.yaml') },
);

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
    waitFor({ say: 'Waiting for the scheduler to give up on the new pod', until: [podUnschedulable(APP), schedulerSaidWhy(APP)], timeoutMs: 60_000 }),
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
      run: allocateOverMemoryLimit,
    }),
    act({
      say: 'Usage against requests (metrics-server)',
      kubectl: `kubectl top pods -l app=${APP} -n {ns}`,
      run: usageAgainstRequests,
    }),
    waitFor({ say: 'Waiting for all 5 replicas to be ready', until: [replicasReady(APP, 5)] }),
  ],
  check: [resourcesAsInGuide, replicasReady(APP, 5)],
  hints: ['kubectl apply -f {manifests}/deployment-resources.yaml -n {ns}', `kubectl describe deployment ${APP} -n {ns}`],
});
