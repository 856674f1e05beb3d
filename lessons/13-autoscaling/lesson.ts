import { learnerManifest } from '../../src/course/workdir.js';
import { about } from '../catalog.js';
import { hpaDesiredRose, hpaScaledUp, hpaStatus, utilization } from '../lib/checks/hpa.js';
import { takeBaselines } from '../../src/checks/evaluate.js';
import { matches } from '../../src/checks/object.js';
import { parseQuantity } from '../../src/checks/quantity.js';
import { applyManifest } from '../../src/course/apply.js';
import { act, defineLesson, explain, tryIt, type LessonContext } from '../../src/course/lesson.js';
import { waitUntil } from '../../src/course/wait.js';
import { hpaCeiling, metricsAdvice } from '../lib/adapt.js';
import { allocatableMillicores } from '../../src/kube/capacity.js';
import { stressLoad } from '../lib/cpu-load.js';
import { age } from '../../src/kube/tables.js';
import type { KubeObject } from '../../src/kube/types.js';
import { formatTable } from '../../src/ui/ui.js';
import { APP, DEPLOYMENT, deploymentNeed, namespaceNeed } from '../lib/app.js';
import { appContainer, ensureProbesAndRequests, features } from '../lib/deployment.js';
import { eventTime } from '../../src/kube/events.js';

const HPA = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: APP };
const GUIDE_MAX = 20;
const GUIDE_MIN = 2;

export const hpaTargetsDeployment = matches(
  HPA,
  { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: APP }, minReplicas: GUIDE_MIN } },
  {
    name: `HorizontalPodAutoscaler ${APP} targets Deployment ${APP}`,
    create: (ctx) => `kubectl autoscale deployment ${APP} --cpu-percent=50 --min=${GUIDE_MIN} --max=10 -n ${ctx.namespace}   (or kubectl apply -f ${learnerManifest('hpa.yaml')})`,
    fix: (_m, ctx) => `kubectl apply -f ${learnerManifest('hpa.yaml')} -n ${ctx.namespace}`,
  },
);

async function maxForCluster(ctx: LessonContext): Promise<ReturnType<typeof hpaCeiling>> {
  const request = parseQuantity(appContainer(await ctx.kube.get(DEPLOYMENT))?.resources?.requests?.cpu) ?? 0.1;
  return hpaCeiling(GUIDE_MAX, GUIDE_MIN, await allocatableMillicores(ctx.kube), Math.round(request * 1000));
}

function hpaTable(hpa: KubeObject | undefined): string[] {
  const spec = hpa?.spec as { minReplicas?: number; maxReplicas?: number } | undefined;
  const status = hpaStatus(hpa);
  const show = (v: number | undefined) => (v === undefined ? '<unknown>' : `${v}%`);
  return formatTable(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'], [[
    APP, `Deployment/${APP}`, `cpu: ${show(utilization(status, 'cpu'))}/50%, memory: ${show(utilization(status, 'memory'))}/70%`,
    String(spec?.minReplicas ?? ''), String(spec?.maxReplicas ?? ''), String(status.currentReplicas ?? 0), age(hpa?.metadata.creationTimestamp),
  ]]);
}

export default defineLesson({
  ...about('autoscaling'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'So far you chose the number of replicas. A HorizontalPodAutoscaler (HPA) chooses it for you:',
      'every 15 s it reads the pods\' CPU (and memory) from the metrics API and computes',
      '  desired replicas = ceil(current replicas × current usage / target usage)',
      'Usage is a percentage of each pod\'s request, so the pods must have requests, or the HPA cannot compute anything.',
    ]),
    act({
      say: 'Making sure the pods have CPU and memory requests',
      kubectl: 'kubectl apply -f {manifests}/deployment-resources.yaml -n {ns}',
      run: ensureProbesAndRequests,
    }),
    act({
      say: 'Sizing the HPA for this cluster',
      async run(ctx) {
        const ceiling = await maxForCluster(ctx);
        ctx.vars.max = String(ceiling.max);
        return ceiling.reason
          ? [`The guide allows up to ${GUIDE_MAX} replicas. ${ceiling.reason}.`, `So the tutor sets maxReplicas: ${ceiling.max}. Everything else is as in {manifests}/hpa.yaml.`]
          : [`This cluster can hold the guide's ${GUIDE_MAX} replicas, so {manifests}/hpa.yaml is used as it is.`];
      },
    }),
    tryIt({
      task: 'Create the HPA: min 2, max {max}, CPU 50% and memory 70% of requests ({manifests}/hpa.yaml, with max {max}).',
      until: [hpaTargetsDeployment],
      hints: [`kubectl autoscale deployment ${APP} --cpu-percent=50 --min=2 --max={max} -n {ns}`, 'kubectl apply -f {manifests}/hpa.yaml -n {ns}   (then kubectl patch hpa fastapi-k8s -n {ns} -p \'{"spec":{"maxReplicas":{max}}}\')'],
      kubectl: 'kubectl apply -f {manifests}/hpa.yaml -n {ns}  &&  kubectl patch hpa fastapi-k8s -n {ns} -p \'{"spec":{"maxReplicas":{max}}}\'',
      async doIt(ctx) {
        const max = Number(ctx.vars.max ?? (await maxForCluster(ctx)).max);
        const lines = await applyManifest(ctx, 'hpa.yaml', (o) => ({ ...o, spec: { ...(o.spec as object), maxReplicas: max } }));
        for (const line of lines) ctx.ui.dim(line);
      },
    }),
    act({
      say: 'Asking the metrics API through the HPA',
      kubectl: 'kubectl get hpa -n {ns}',
      async run(ctx) {
        const f = await features(ctx);
        if (!f.metrics) {
          return [
            ...hpaTable(await ctx.kube.get(HPA)),
            '',
            'TARGETS stay <unknown>: without metrics-server the HPA has nothing to read, so it never scales.',
            'The HPA object is right, and that is all this lesson can check here. To see it scale:',
            ...metricsAdvice(f, ctx.cluster.flavor).map((l) => `  ${l}`),
          ];
        }
        const outcome = await waitUntil([{
          name: 'the HPA has a CPU reading',
          watches: [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' }],
          async evaluate(c) {
            const cpu = utilization(hpaStatus(await c.kube.get(HPA)), 'cpu');
            return { name: this.name, passed: cpu !== undefined, message: cpu === undefined ? 'no CPU reading yet' : `CPU ${cpu}%` };
          },
        }], ctx, { timeoutMs: 120_000, signal: ctx.signal });
        return [...hpaTable(await ctx.kube.get(HPA)), '', outcome.passed ? 'Idle pods use a few percent of their CPU request: far below the 50% target.' : 'No CPU reading yet; metrics-server may still be sampling the new pods.'];
      },
    }),
    act({
      say: 'Putting CPU load on the app through the Service (GET /stress), until the HPA reacts (at most 150 s)',
      kubectl: `while true; do kubectl get --raw "/api/v1/namespaces/{ns}/services/${APP}:80/proxy/stress?seconds=15"; done   (two of these at once)`,
      async run(ctx) {
        if (!(await features(ctx)).metrics) return ['Skipped: without the metrics API, load would change nothing.'];
        const rose = hpaDesiredRose(APP);
        const baselines = await takeBaselines([rose], ctx);
        const stop = new AbortController();
        const load = stressLoad(ctx.kube, { name: APP, port: 80 }, { workers: 2, secondsPerRequest: 15, maxRequests: 30, maxMs: 150_000, stop: stop.signal });
        const spinner = ctx.ui.progress('Watching the HPA');
        try {
          const outcome = await waitUntil([rose], ctx, {
            timeoutMs: 160_000, signal: ctx.signal, baselines,
            onUpdate: (results) => spinner.update(`Watching the HPA: ${results[0]?.message ?? ''}`),
          });
          if (outcome.passed) spinner.succeed(`${outcome.results[0]!.message}, ${Math.round(outcome.elapsedMs / 1000)} s after the load began`);
          else spinner.fail(`The HPA did not scale up within ${Math.round(outcome.elapsedMs / 1000)} s: ${outcome.results[0]?.message ?? ''}`);
        } finally {
          stop.abort();
        }
        const report = await load;
        ctx.ui.ok(`Load stopped: ${report.sent} requests of 15 s each, ${report.succeeded} answered.`);
        return hpaTable(await ctx.kube.get(HPA));
      },
    }),
    act({
      say: 'What the HPA says it did',
      kubectl: `kubectl describe hpa ${APP} -n {ns}`,
      async run(ctx) {
        const events = (await ctx.kube.list('v1', 'Event', { fieldSelector: `involvedObject.name=${APP},involvedObject.kind=HorizontalPodAutoscaler` })).sort((a, b) => eventTime(a) - eventTime(b));
        const lines = events.slice(-4).map((e) => `${String(e.reason)}: ${String(e.message ?? '')}`);
        return lines.length ? lines : ['No scaling events yet.'];
      },
    }),
    explain([
      'Scaling up is quick; scaling down is cautious. The HPA only removes pods once every recommendation',
      'of the last 5 minutes agrees (the scale-down stabilization window), so that a short lull does not',
      'throw away pods the next burst needs. Your pods will drift back towards 2 over the next minutes.',
      'The HPA now owns spec.replicas: a `kubectl scale` is undone by it, and so is a replicas: line in a re-applied manifest.',
    ]),
  ],
  check: [hpaTargetsDeployment, hpaScaledUp(APP)],
  hints: [`kubectl autoscale deployment ${APP} --cpu-percent=50 --min=2 --max=10 -n {ns}`, 'kubectl get hpa -n {ns} -w', `kubectl get --raw "/api/v1/namespaces/{ns}/services/${APP}:80/proxy/stress?seconds=15"`],
});
