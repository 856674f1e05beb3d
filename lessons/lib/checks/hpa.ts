import { detectFeatures } from '../../../src/kube/features.js';
import type { KubeObject } from '../../../src/kube/types.js';
import type { Check } from '../../../src/checks/check.js';
import { fail, pass } from '../../../src/checks/check.js';

interface EventShape {
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string };
}

/**
 * The HPA scaled its target up (a SuccessfulRescale event "… above target"). Without a metrics
 * API the HPA cannot act, so then this only says so and passes.
 */
export function hpaScaledUp(hpa: string): Check {
  const name = `HorizontalPodAutoscaler ${hpa} scaled up under load`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Event' }, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' }],
    async evaluate(ctx) {
      const events = (await ctx.kube.list('v1', 'Event')) as unknown as EventShape[];
      const up = events.filter((e) => e.involvedObject?.kind === 'HorizontalPodAutoscaler' && e.involvedObject.name === hpa && e.reason === 'SuccessfulRescale' && /above target/.test(e.message ?? ''));
      if (up.length > 0) return pass(name, `${hpa} scaled up: ${up[up.length - 1]!.message}`);
      const { metrics } = await detectFeatures(ctx.kube, 'generic');
      if (!metrics) return pass(name, 'no metrics API on this cluster, so no scale-up can happen; only the HPA object is checked');
      const status = (await ctx.kube.get({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: hpa }))?.status as { currentReplicas?: number; desiredReplicas?: number } | undefined;
      return fail(name, `${hpa} has not scaled up yet (replicas ${status?.currentReplicas ?? '?'}, desired ${status?.desiredReplicas ?? '?'}); put CPU load on the app`, {
        path: 'status.desiredReplicas', expected: 'more than before the load', actual: status?.desiredReplicas,
        fix: `for i in 1 2 3 4; do kubectl get --raw "/api/v1/namespaces/${ctx.namespace}/services/fastapi-k8s:80/proxy/stress?seconds=20" & done; wait; kubectl get hpa ${hpa} -n ${ctx.namespace} -w`,
      });
    },
  };
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

/** Before/after: the HPA now wants more replicas than when the baseline was taken. */
export function hpaDesiredRose(hpa: string): Check {
  const name = `HorizontalPodAutoscaler ${hpa} wants more replicas`;
  const ref = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: hpa };
  return {
    name,
    watches: [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' }],
    async baseline(ctx) {
      const status = hpaStatus(await ctx.kube.get(ref));
      return { desired: status.desiredReplicas ?? status.currentReplicas ?? 0 };
    },
    async evaluate(ctx) {
      const before = (ctx.baseline as { desired?: number } | undefined)?.desired ?? 0;
      const status = hpaStatus(await ctx.kube.get(ref));
      const desired = status.desiredReplicas ?? 0;
      const cpu = utilization(status, 'cpu');
      const progress = { done: desired, total: before + 1 };
      if (desired > before) return pass(name, `desired replicas rose from ${before} to ${desired}${cpu === undefined ? '' : ` (CPU at ${cpu}% of requests)`}`, { progress });
      return fail(name, `desired replicas still ${desired} (was ${before})${cpu === undefined ? '; no CPU reading yet' : `; CPU at ${cpu}% of requests`}`, {
        path: 'status.desiredReplicas', expected: `> ${before}`, actual: desired, progress, fix: `kubectl get hpa ${hpa} -n ${ctx.namespace} -w`,
      });
    },
  };
}
