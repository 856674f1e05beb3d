import type { Check } from './check.js';
import { fail, pass } from './check.js';
import type { PodStatus } from './workload.js';

/** A pod of the app is Pending because the scheduler finds no node for it. */
export function podUnschedulable(app: string): Check {
  const name = `a ${app} pod waits for a node`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    async evaluate(ctx) {
      const pods = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${app}` });
      for (const pod of pods) {
        const condition = (pod.status as PodStatus | undefined)?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
        if (condition?.reason === 'Unschedulable') return pass(name, `pod ${pod.metadata.name} is Pending: ${condition.message ?? 'no node fits'}`);
      }
      return fail(name, `every ${app} pod has a node; none is Pending for lack of room`, {
        path: 'status.conditions[PodScheduled]', expected: 'False (Unschedulable)', actual: 'True',
        fix: `kubectl get pods -l app=${app} -n ${ctx.namespace}`,
      });
    },
  };
}
