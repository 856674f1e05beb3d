import { learnerManifest } from '../../src/course/workdir.js';
import { about } from '../catalog.js';
import { byName } from '../../src/checks/match.js';
import { matches } from '../../src/checks/object.js';
import { podReplaced, replicasReady } from '../../src/checks/workload.js';
import { act, defineLesson, explain, tryIt, waitFor, type LessonContext } from '../../src/course/lesson.js';
import { POD_HEADER, podRow } from '../../src/kube/tables.js';
import type { KubeObject } from '../../src/kube/types.js';
import { formatTable } from '../../src/ui/ui.js';
import { APP, DEPLOYMENT, deploymentNeed, namespaceNeed, tryApply } from '../lib/app.js';
import { learnerTimeline, seconds, timelineOf, watchForLearner } from '../lib/timeline.js';

export const probesAsInGuide = matches(
  DEPLOYMENT,
  {
    spec: {
      template: {
        spec: {
          containers: byName([{ name: APP, livenessProbe: { httpGet: { path: '/health', port: 8000 } }, readinessProbe: { httpGet: { path: '/ready', port: 8000 } } }]),
        },
      },
    },
  },
  {
    name: 'Deployment fastapi-k8s: liveness on /health, readiness on /ready',
    create: (ctx) => `kubectl apply -f ${learnerManifest('deployment-probes.yaml')} -n ${ctx.namespace}`,
    fix: (_m, ctx) => `kubectl apply -f ${learnerManifest('deployment-probes.yaml')} -n ${ctx.namespace}`,
  },
);

async function desired(ctx: LessonContext): Promise<number> {
  const d = await ctx.kube.get(DEPLOYMENT);
  return (d?.spec as { replicas?: number } | undefined)?.replicas ?? 1;
}

async function runningPods(ctx: LessonContext): Promise<KubeObject[]> {
  const pods = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${APP}` });
  return pods.filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

const shortUid = (pod: KubeObject | undefined) => (pod?.metadata.uid ?? '?').slice(0, 8);

/** Healed: a new pod is Ready, all N are Ready and in the endpoints, and the deleted one is gone. */
const healed = (n: number) => (v: { newReadyPods: number; readyPods: number; endpoints: number; gone: number }) => v.newReadyPods >= 1 && v.readyPods >= n && v.endpoints >= n && v.gone >= 1;

export default defineLesson({
  ...about('self-healing'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    waitFor({ say: 'Waiting for all replicas to be ready', until: [replicasReady(APP)] }),
    explain(async (ctx) => [
      `You declared the desired state: ${await desired(ctx)} copies. The actual state is what runs right now.`,
      'Controllers compare the two, over and over, and act on any difference. Watch one do it.',
    ]),
    act({
      say: 'Deleting one pod',
      kubectl: 'kubectl delete pod {pod} -n {ns}',
      async run(ctx) {
        const n = await desired(ctx);
        const [victim] = await runningPods(ctx);
        if (!victim) return ['no running pod to delete'];
        ctx.vars.pod = victim.metadata.name;
        const before = new Set((await runningPods(ctx)).map((p) => p.metadata.uid));
        const shown = await timelineOf(ctx, async () => void (await ctx.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: victim.metadata.name })), healed(n), { zero: 'first' });
        const fresh = (await runningPods(ctx)).find((p) => !before.has(p.metadata.uid));
        return [
          ...shown.lines,
          '',
          `deleted   ${victim.metadata.name}  uid ${shortUid(victim)}…`,
          `replaced  ${fresh?.metadata.name ?? '(not yet)'}  uid ${shortUid(fresh)}…`,
          shown.settled ? `${n}/${n} ready again after ${seconds(shown.tookMs)}, and nobody asked for it.` : 'Not settled yet; `kubectl get pods -n {ns}` shows where it is.',
        ];
      },
    }),
    explain([
      'The chain: the ReplicaSet saw one pod fewer than it wants and created one; the scheduler gave it a node;',
      'the kubelet there started it; once Ready, the Service added it to its endpoints.',
      'The same loop covers crashed containers and failed nodes. The replacement is a new pod: new name, new UID.',
    ]),
    act({
      say: 'Watching pods, ReplicaSets, endpoints and events for your change',
      async run(ctx) {
        await watchForLearner(ctx);
      },
    }),
    tryIt({
      task: `In another terminal, delete any ${APP} pod with kubectl (list them first).`,
      until: [podReplaced(APP)],
      hints: [`kubectl get pods -l app=${APP} -n {ns}`, 'kubectl delete pod <one of the names> -n {ns}'],
      kubectl: 'kubectl delete pod {pod} -n {ns}',
      async doIt(ctx) {
        const [victim] = await runningPods(ctx);
        if (!victim) return;
        ctx.vars.pod = victim.metadata.name;
        await ctx.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: victim.metadata.name });
      },
    }),
    act({
      say: 'What the cluster did after your delete',
      async run(ctx) {
        const n = await desired(ctx);
        const shown = await learnerTimeline(ctx, healed(n));
        return [...shown.lines, ...(shown.settled ? [`Healed in ${seconds(shown.tookMs)}.`] : [])];
      },
    }),
    explain([
      'A pod is not always replaced. When the container process dies, the kubelet restarts it in place:',
      'same pod, same name, RESTARTS goes up. The sample app exits on POST /crash.',
    ]),
    act({
      say: 'Crashing the app in one pod (POST /crash)',
      kubectl: 'kubectl port-forward pod/{crashPod} 8000 -n {ns} &  curl -X POST localhost:8000/crash',
      async run(ctx) {
        const n = await desired(ctx);
        const [pod] = await runningPods(ctx);
        if (!pod) return ['no running pod'];
        const name = pod.metadata.name;
        ctx.vars.crashPod = name;
        const restartsBefore = (pod.status as { containerStatuses?: { restartCount?: number }[] } | undefined)?.containerStatuses?.[0]?.restartCount ?? 0;
        const shown = await timelineOf(
          ctx,
          async () => void (await ctx.kube.proxy({ kind: 'pod', name, port: 8000 }, '/crash', 'POST').catch(() => undefined)),
          (v) => (v.restarts[name] ?? 0) > restartsBefore && v.readyPods >= n,
        );
        const after = (await runningPods(ctx)).find((p) => p.metadata.name === name);
        return [...shown.lines, '', ...formatTable(POD_HEADER, after ? [podRow(after)] : []), `Same pod, same name: the container was restarted, not the pod replaced.`];
      },
    }),
    explain([
      'Running is not the same as healthy. Probes let the kubelet ask the app itself:',
      '- liveness ("are you alive?"): when it keeps failing, the kubelet restarts the container.',
      '- readiness ("can you take traffic?"): when it fails, the pod leaves the Service\'s endpoints, but is not restarted.',
      '{manifests}/deployment-probes.yaml adds both: liveness GET /health every 10 s, readiness GET /ready every 2 s.',
    ]),
    tryApply('deployment-probes.yaml', {
      task: 'Apply {manifests}/deployment-probes.yaml with kubectl.',
      until: [probesAsInGuide, replicasReady(APP, 5)],
      hints: ['kubectl apply -f <file> -n {ns}', 'kubectl apply -f {manifests}/deployment-probes.yaml -n {ns}'],
    }),
    act({
      say: 'Turning readiness off in one pod (POST /ready/disable)',
      kubectl: 'kubectl port-forward pod/{readyPod} 8000 -n {ns} &  curl -X POST localhost:8000/ready/disable',
      async run(ctx) {
        const n = await desired(ctx);
        const [pod] = await runningPods(ctx);
        if (!pod) return ['no running pod'];
        const name = pod.metadata.name;
        ctx.vars.readyPod = name;
        const shown = await timelineOf(
          ctx,
          async () => void (await ctx.kube.proxy({ kind: 'pod', name, port: 8000 }, '/ready/disable', 'POST')),
          (v) => v.notReady.includes(name) && v.endpoints === n - 1,
          { timeoutMs: 30_000 },
        );
        const after = (await runningPods(ctx)).find((p) => p.metadata.name === name);
        return [...shown.lines, '', ...formatTable(POD_HEADER, after ? [podRow(after)] : []), `Out of the endpoints (${n - 1} left), READY 0/1, and not restarted: readiness only steers traffic.`];
      },
    }),
    act({
      say: 'And back on (POST /ready/enable)',
      kubectl: 'curl -X POST localhost:8000/ready/enable   # through the same port-forward',
      async run(ctx) {
        const n = await desired(ctx);
        const name = ctx.vars.readyPod ?? '';
        const shown = await timelineOf(ctx, async () => void (await ctx.kube.proxy({ kind: 'pod', name, port: 8000 }, '/ready/enable', 'POST')), (v) => v.endpoints >= n, { timeoutMs: 30_000 });
        return shown.lines;
      },
    }),
    waitFor({ say: 'Waiting for all 5 replicas to be ready', until: [replicasReady(APP, 5)] }),
  ],
  check: [probesAsInGuide, replicasReady(APP), podReplaced(APP)],
  hints: ['kubectl apply -f {manifests}/deployment-probes.yaml -n {ns}', `kubectl delete pod <name> -n {ns}   (kubectl get pods -l app=${APP} -n {ns} lists them)`],
});
