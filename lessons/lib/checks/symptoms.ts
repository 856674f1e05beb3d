import type { KubeObject } from '../../../src/kube/types.js';
import { countReadyEndpoints, type PodStatus } from '../../../src/checks/workload.js';
import type { Check } from '../../../src/checks/check.js';
import { fail, pass } from '../../../src/checks/check.js';

/** Checks that pass when something is visibly broken: the troubleshooting lesson waits for them before the learner diagnoses. */

function reasonsOf(pod: KubeObject): string[] {
  const status = pod.status as PodStatus | undefined;
  const reasons: string[] = [];
  for (const c of status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) reasons.push(c.state.waiting.reason);
    if (c.state?.terminated?.reason) reasons.push(c.state.terminated.reason);
    if ((c.restartCount ?? 0) > 0 && c.lastState?.terminated) reasons.push('Restarted');
  }
  const unschedulable = status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (status?.phase === 'Pending' && unschedulable) reasons.push('Unschedulable');
  return reasons;
}

/** The first pod that shows one of the states, so the lesson points the learner at a pod with the symptom, not a bystander. */
export function podShowing(pods: KubeObject[], states: string[]): KubeObject | undefined {
  return pods.find((p) => reasonsOf(p).some((r) => states.includes(r)));
}

/**
 * A pod of the app shows one of the given states (ErrImageNeverPull, CrashLoopBackOff, Unschedulable, …).
 * `fresh`: only pods created since the wait began (a second's grace for creationTimestamp's whole
 * seconds), so that the pods of an earlier breakage, about to be replaced, do not count.
 */
export function podShows(app: string, states: string[], options: { fresh?: boolean } = {}): Check {
  const name = `a ${app} pod shows ${states.join(' or ')}`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    ...(options.fresh ? { baseline: async () => ({ since: new Date().toISOString() }) } : {}),
    async evaluate(ctx) {
      const since = Date.parse((ctx.baseline as { since?: string } | undefined)?.since ?? '') - 1000;
      const pods = (await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${app}` }))
        .filter((p) => !options.fresh || !(since > 0) || Date.parse(p.metadata.creationTimestamp ?? '') >= since);
      const pod = podShowing(pods, states);
      if (pod) return pass(name, `pod ${pod.metadata.name}: ${reasonsOf(pod).filter((r) => states.includes(r)).join(', ')}`);
      return fail(name, `no ${app} pod shows ${states.join(' or ')} yet`);
    },
  };
}

/** The Service has no ready endpoints. */
export function serviceEmpty(service: string): Check {
  const name = `Service ${service} has no endpoints`;
  return {
    name,
    watches: [{ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }],
    async evaluate(ctx) {
      const ready = countReadyEndpoints(await ctx.kube.list('discovery.k8s.io/v1', 'EndpointSlice', { labelSelector: `kubernetes.io/service-name=${service}` }));
      return ready === 0 ? pass(name, `Service ${service} has 0 endpoints`) : fail(name, `Service ${service} still has ${ready} endpoints`);
    },
  };
}

/** GET / through the Service fails. */
export function serviceFails(service: string, port = 80): Check {
  const name = `requests through Service ${service} fail`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }],
    async evaluate(ctx) {
      // A refused or failed request is the symptom this check waits for.
      const answer = await ctx.kube.proxy({ kind: 'service', name: service, port }, '/').catch(() => ({ status: 0, body: '' }));
      return answer.status === 200 ? fail(name, `Service ${service} still answers 200`) : pass(name, `GET / through ${service} answered ${answer.status || 'nothing'}`);
    },
  };
}
