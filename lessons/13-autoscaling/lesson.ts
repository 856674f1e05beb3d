import {
  APP, DEPLOYMENT, about, act, age, allocatableMillicores, appContainer, applyManifest, defineLesson, deploymentNeed, eventsAbout, explain,
  features, formatTable, namespaceNeed, parseQuantity, replicasReady, tryIt, waitFor, type KubeObject, type LessonContext,
} from '../kit.js';
import { hpaCeiling, metricsAdvice } from '../lib/adapt.js';
import { findHpa, hpaStatus, hpaTargets, scaledUpUnderLoad, targetOf, utilization } from '../lib/checks/hpa.js';
import { SECONDS_PER_REQUEST, startLoad, stopLoad } from './load.js';

const GUIDE_MAX = 20;
const GUIDE_MIN = 2;
const GUIDE_NAME = `${APP}-hpa`;

const targets = hpaTargets(APP, { min: GUIDE_MIN, cpuPercent: 50 });
const scaledUp = scaledUpUnderLoad(APP, APP);
const stressLoop = `while true; do kubectl get --raw "/api/v1/namespaces/{ns}/services/${APP}:80/proxy/stress?seconds=${SECONDS_PER_REQUEST}"; done`;

async function maxForCluster(ctx: LessonContext): Promise<ReturnType<typeof hpaCeiling>> {
  const request = parseQuantity(appContainer(await ctx.kube.get(DEPLOYMENT))?.resources?.requests?.cpu) ?? 0.1;
  return hpaCeiling(GUIDE_MAX, GUIDE_MIN, await allocatableMillicores(ctx.kube), Math.round(request * 1000));
}

/** `kubectl get hpa`, for the learner's HPA whatever its name. */
function hpaTable(hpa: KubeObject): string[] {
  const spec = hpa.spec as { minReplicas?: number; maxReplicas?: number };
  const status = hpaStatus(hpa);
  const show = (v: number | undefined) => (v === undefined ? '<unknown>' : `${v}%`);
  const target = (r: 'cpu' | 'memory') => (targetOf(hpa, r) === undefined ? [] : [`${r}: ${show(utilization(status, r))}/${targetOf(hpa, r)}%`]);
  return formatTable(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'], [[
    hpa.metadata.name, `Deployment/${APP}`, [...target('cpu'), ...target('memory')].join(', '),
    String(spec.minReplicas ?? 1), String(spec.maxReplicas ?? ''), String(status.currentReplicas ?? 0), age(hpa.metadata.creationTimestamp),
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
      async run(ctx) {
        if (appContainer(await ctx.kube.get(DEPLOYMENT))?.resources?.requests?.cpu) return ['The Deployment already has resource requests (lesson 8).'];
        return [...(await applyManifest(ctx, 'deployment-resources.yaml')), 'Applied lesson 8\'s Deployment (probes and requests), which this lesson builds on.'];
      },
    }),
    waitFor({ say: 'Waiting for every replica to be ready', until: [replicasReady(APP)] }),
    act({
      say: 'Sizing the HPA for this cluster',
      sets: ['max'],
      async run(ctx) {
        const ceiling = await maxForCluster(ctx);
        ctx.vars.max = String(ceiling.max);
        return ceiling.reason
          ? [`The guide allows up to ${GUIDE_MAX} replicas. ${ceiling.reason}.`, `So use --max=${ceiling.max} (or maxReplicas: ${ceiling.max}). Everything else is as in the guide.`]
          : [`This cluster can hold the guide's ${GUIDE_MAX} replicas, so --max=${GUIDE_MAX} as in the guide.`];
      },
    }),
    act({
      say: 'Is there a metrics API for the HPA to read?',
      kubectl: 'kubectl get apiservice v1beta1.metrics.k8s.io',
      async run(ctx) {
        const f = await features(ctx);
        if (f.metrics) return ['Yes: metrics-server answers, so the HPA will see your pods\' CPU.'];
        return [
          'No. Without it an HPA has nothing to read: its TARGETS stay <unknown> and it never scales.',
          'Here the lesson checks your HPA and that your load reached the app; the scale-up itself cannot happen.',
          ...metricsAdvice(f, ctx.cluster.flavor).map((l) => `  ${l}`),
        ];
      },
    }),
    tryIt({
      task: `Create an HPA for Deployment ${APP}: min ${GUIDE_MIN}, max {max}, target 50% CPU. Either the guide's command, or its YAML ({manifests}/hpa.yaml, which also targets 70% memory).`,
      until: [targets],
      hints: [`kubectl autoscale deployment ${APP} --cpu-percent=50 --min=${GUIDE_MIN} --max={max} -n {ns}`, 'kubectl apply -f {manifests}/hpa.yaml -n {ns}   # then: kubectl edit hpa fastapi-k8s -n {ns}, maxReplicas: {max}'],
      kubectl: `kubectl autoscale deployment ${APP} --cpu-percent=50 --min=${GUIDE_MIN} --max={max} -n {ns}`,
      async doIt(ctx) {
        const max = Number(ctx.vars.max ?? (await maxForCluster(ctx)).max);
        const lines = await applyManifest(ctx, 'hpa.yaml', (o) => ({ ...o, spec: { ...(o.spec as object), maxReplicas: max } }));
        for (const line of lines) ctx.ui.dim(line);
      },
    }),
    act({
      say: 'What kubectl get hpa shows',
      kubectl: 'kubectl get hpa -n {ns}',
      sets: ['hpa'],
      async run(ctx) {
        const hpa = await findHpa(ctx, APP);
        ctx.vars.hpa = hpa?.metadata.name ?? GUIDE_NAME;
        if (!hpa) return ['No HPA yet (the step above is yours).'];
        return [
          ...hpaTable(hpa),
          `Its name is ${hpa.metadata.name}: kubectl autoscale names an HPA after its Deployment; the guide's YAML calls it ${GUIDE_NAME}. Either counts.`,
          'TARGETS shows <unknown> until the HPA has read the metrics once (15-30 s); idle pods use a few percent of their request.',
        ];
      },
    }),
    tryIt({
      task: `Put CPU load on the app until the HPA scales up. In two terminals (GET /stress keeps one CPU busy for ${SECONDS_PER_REQUEST} s):\n  ${stressLoop}\nThen watch: kubectl get hpa -n {ns} -w   (Ctrl-C stops each loop.)`,
      until: [scaledUp],
      timeoutMs: 240_000,
      hints: ['kubectl get hpa -n {ns} -w', `${stressLoop}   # in two terminals at once`],
      kubectl: `${stressLoop}   # two at once, for at most 210 s`,
      async doIt(ctx) {
        startLoad(ctx, { name: APP, port: 80 });
      },
    }),
    act({
      say: 'Where the HPA stands now',
      kubectl: 'kubectl get hpa -n {ns}',
      async run(ctx) {
        const report = await stopLoad(ctx);
        const hpa = await findHpa(ctx, APP);
        return [
          ...(report ? [`The tutor's load stopped: ${report.sent} requests of ${SECONDS_PER_REQUEST} s each, ${report.succeeded} answered.`] : ['Stop your load loops now (Ctrl-C), if they still run.']),
          ...(hpa ? hpaTable(hpa) : ['No HPA yet.']),
        ];
      },
    }),
    act({
      say: 'What the HPA says it did (the Events at the bottom of kubectl describe hpa)',
      kubectl: 'kubectl describe hpa {hpa} -n {ns}',
      async run(ctx) {
        const events = await eventsAbout(ctx, { kind: 'HorizontalPodAutoscaler', name: ctx.vars.hpa ?? GUIDE_NAME });
        const lines = events.slice(-4).map((e) => `${String(e.reason)}: ${String(e.message ?? '')}`);
        return [
          ...(lines.length ? lines : ['No scaling events yet.']),
          `(with the guide's name: kubectl describe hpa ${APP}-hpa -n ${ctx.namespace})`,
        ];
      },
    }),
    explain([
      'Scaling up is quick; scaling down is cautious. The HPA only removes pods once every recommendation',
      'of the last 5 minutes agrees (the scale-down stabilization window), so that a short lull does not',
      'throw away pods the next burst needs. Your pods will drift back towards 2 over the next minutes.',
      'The HPA now owns spec.replicas: a `kubectl scale` is undone by it, and so is a replicas: line in a re-applied manifest.',
    ]),
  ],
  check: [targets, scaledUp],
  hints: [`kubectl autoscale deployment ${APP} --cpu-percent=50 --min=2 --max=10 -n {ns}`, 'kubectl get hpa -n {ns} -w', stressLoop],
});
