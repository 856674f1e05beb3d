import { detectFeatures, eventTime, fail, learnerManifest, pass, type Check, type CheckContext, type KubeObject } from '../../engine.js';
import { appPods } from '../objects.js';

/** Lesson 13's checks: the learner's HPA (any name), its targets, and a scale-up the learner's load caused. */

const HPA_KIND = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' };

interface HpaSpec {
  scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: { type?: string; resource?: { name?: string; target?: { type?: string; averageUtilization?: number } } }[];
}

interface HpaStatus {
  currentReplicas?: number;
  desiredReplicas?: number;
  currentMetrics?: { resource?: { name?: string; current?: { averageUtilization?: number } } }[];
}

export function hpaStatus(hpa: KubeObject | undefined): HpaStatus {
  return (hpa?.status as HpaStatus | undefined) ?? {};
}

/** The HPA's current utilization of a resource, in percent of the request, once it has read one. */
export function utilization(status: HpaStatus, resource: 'cpu' | 'memory'): number | undefined {
  return status.currentMetrics?.find((m) => m.resource?.name === resource)?.resource?.current?.averageUtilization;
}

/** The target utilization the HPA's spec sets for a resource (percent of the request). */
export function targetOf(hpa: KubeObject | undefined, resource: 'cpu' | 'memory'): number | undefined {
  const spec = hpa?.spec as HpaSpec | undefined;
  return spec?.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === resource && m.resource.target?.type === 'Utilization')?.resource?.target?.averageUtilization;
}

/**
 * The HPA that scales the Deployment, whatever its name: `kubectl autoscale` names it after the
 * Deployment, the guide's YAML calls it fastapi-k8s-hpa. The Deployment's own name first, then by name.
 */
export function hpaFor(hpas: KubeObject[], deployment: string): KubeObject | undefined {
  const targeting = hpas.filter((h) => {
    const ref = (h.spec as HpaSpec | undefined)?.scaleTargetRef;
    return ref?.kind === 'Deployment' && ref.name === deployment && !h.metadata.deletionTimestamp;
  });
  return targeting.find((h) => h.metadata.name === deployment) ?? targeting.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
}

export async function findHpa(ctx: Pick<CheckContext, 'kube'>, deployment: string): Promise<KubeObject | undefined> {
  return hpaFor(await ctx.kube.list(HPA_KIND.apiVersion, HPA_KIND.kind), deployment);
}

/** What is off in the HPA against the lesson's: min 2, a max above it, CPU at 50% of requests. */
export function hpaProblems(hpa: KubeObject, want: { min: number; cpuPercent: number }): { path: string; expected: unknown; actual: unknown; sentence: string }[] {
  const spec = (hpa.spec as HpaSpec | undefined) ?? {};
  const problems = [];
  const cpu = targetOf(hpa, 'cpu');
  if (cpu !== want.cpuPercent) problems.push({ path: 'spec.metrics[cpu].target.averageUtilization', expected: want.cpuPercent, actual: cpu, sentence: cpu === undefined ? `it has no CPU target; the lesson's is ${want.cpuPercent}% of requests` : `its CPU target is ${cpu}%; the lesson's is ${want.cpuPercent}%` });
  const min = spec.minReplicas ?? 1;
  if (min !== want.min) problems.push({ path: 'spec.minReplicas', expected: want.min, actual: min, sentence: `minReplicas is ${min}; the lesson's is ${want.min}` });
  if ((spec.maxReplicas ?? 0) <= min) problems.push({ path: 'spec.maxReplicas', expected: `> ${min}`, actual: spec.maxReplicas, sentence: `maxReplicas is ${spec.maxReplicas}: no room to scale up` });
  return problems;
}

/** An HPA (any name) scales Deployment `deployment` with min 2 and CPU 50%, as the guide's command and YAML both do. */
export function hpaTargets(deployment: string, want = { min: 2, cpuPercent: 50 }): Check {
  const name = `an HPA scales Deployment ${deployment} (min ${want.min}, CPU ${want.cpuPercent}% of requests)`;
  return {
    name,
    watches: [HPA_KIND],
    async evaluate(ctx) {
      const create = `kubectl autoscale deployment ${deployment} --cpu-percent=${want.cpuPercent} --min=${want.min} --max=10 -n ${ctx.namespace}`;
      const hpa = await findHpa(ctx, deployment);
      if (!hpa) return fail(name, `no HorizontalPodAutoscaler in namespace ${ctx.namespace} scales Deployment ${deployment}`, { path: 'spec.scaleTargetRef.name', expected: deployment, actual: undefined, fix: create });
      const problems = hpaProblems(hpa, want);
      if (problems.length === 0) return pass(name, `HorizontalPodAutoscaler ${hpa.metadata.name} scales ${deployment}: min ${want.min}, max ${(hpa.spec as HpaSpec).maxReplicas}, CPU ${want.cpuPercent}%`);
      const [first] = problems;
      return fail(name, `HorizontalPodAutoscaler ${hpa.metadata.name}: ${problems.map((p) => p.sentence).join('; ')}`, {
        path: first!.path, expected: first!.expected, actual: first!.actual,
        fix: `kubectl delete hpa ${hpa.metadata.name} -n ${ctx.namespace} && ${create}`,
        verdicts: problems.map((p) => ({ ...p, fix: `kubectl apply -f ${learnerManifest('hpa.yaml')} -n ${ctx.namespace}` })),
      });
    },
  };
}

interface RequestLine {
  time?: string;
  msg?: string;
  path?: string;
}

/** How many GET /stress requests the app's pods logged at or after `since` (the access log, one JSON object a line). */
export function stressRequestsSince(logs: string, since: number): number {
  let count = 0;
  for (const line of logs.split('\n')) {
    if (!line.includes('/stress')) continue;
    try {
      const entry = JSON.parse(line) as RequestLine;
      if (entry.msg === 'request' && entry.path === '/stress' && Date.parse(entry.time ?? '') >= since) count++;
    } catch {
      // Not one of the app's JSON lines (a runtime warning, say): not a request.
    }
  }
  return count;
}

/**
 * The learner's load made the HPA scale up: a SuccessfulRescale "above target" event about the HPA,
 * recorded after the step began. Latched: the event expires after about an hour, the evidence does not.
 * Without a metrics API no HPA can scale, so there it asks for the learner's own load instead (GET /stress
 * requests in the app's log since the step began) and says plainly that the scale-up cannot happen here.
 */
export function scaledUpUnderLoad(deployment: string, service: string): Check {
  const name = `the HPA scaled Deployment ${deployment} up under your load`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Event' }, HPA_KIND],
    latch: true,
    async baseline() {
      return { since: new Date().toISOString() };
    },
    async evaluate(ctx) {
      const since = Date.parse((ctx.baseline as { since?: string } | undefined)?.since ?? '') || 0;
      const load = `for i in 1 2; do kubectl get --raw "/api/v1/namespaces/${ctx.namespace}/services/${service}:80/proxy/stress?seconds=15" & done; wait`;
      const hpa = await findHpa(ctx, deployment);
      if (!hpa) return fail(name, `no HorizontalPodAutoscaler scales Deployment ${deployment} yet`, { fix: `kubectl autoscale deployment ${deployment} --cpu-percent=50 --min=2 --max=10 -n ${ctx.namespace}` });
      const events = (await ctx.kube.list('v1', 'Event', { fieldSelector: `involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=${hpa.metadata.name}` }))
        .filter((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === hpa.metadata.name && e.reason === 'SuccessfulRescale' && /above target/.test(String(e.message ?? '')) && eventTime(e) >= Math.floor(since / 1000) * 1000);
      const last = events.sort((a, b) => eventTime(a) - eventTime(b)).at(-1);
      if (last) return pass(name, `${hpa.metadata.name} scaled up: ${String(last.message)}`);
      const { metrics } = await detectFeatures(ctx.kube, 'generic');
      if (!metrics) {
        let requests = 0;
        for (const pod of await appPods(ctx, { app: deployment })) {
          // A pod that has not started has no log: it served no load.
          requests += stressRequestsSince(await ctx.kube.logs(pod.metadata.name, { tailLines: 2000 }).catch(() => ''), since);
        }
        if (requests > 0) return pass(name, `your load reached the app (${requests} GET /stress requests in its log); this cluster has no metrics API, so no HPA can scale here: install metrics-server to see it happen`);
        return fail(name, 'no load yet: the app logged no GET /stress request since the step began (and without a metrics API the HPA cannot scale here anyway)', { path: 'logs', expected: 'GET /stress requests', actual: 0, fix: load });
      }
      const status = hpaStatus(hpa);
      const cpu = utilization(status, 'cpu');
      return fail(name, `${hpa.metadata.name} has not scaled up since the step began (replicas ${status.currentReplicas ?? '?'}, desired ${status.desiredReplicas ?? '?'}${cpu === undefined ? ', no CPU reading yet' : `, CPU at ${cpu}% of requests`}); put CPU load on the app`, {
        path: 'status.desiredReplicas', expected: 'more than before the load', actual: status.desiredReplicas, fix: load,
      });
    },
  };
}
