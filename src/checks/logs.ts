import type { Check } from './check.js';
import { fail, pass } from './check.js';

/** Every running pod of the app has logs that can be read (what `kubectl logs -l app=…` shows). */
export function logsFromEveryReplica(app: string): Check {
  const name = `logs can be read from every ${app} replica`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    async evaluate(ctx) {
      const pods = (await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${app}` })).filter((p) => !p.metadata.deletionTimestamp);
      const fix = `kubectl logs -l app=${app} --prefix --tail=3 -n ${ctx.namespace}`;
      if (pods.length === 0) return fail(name, `no ${app} pod is running, so there are no logs to read`, { path: 'pods', expected: '≥1', actual: 0, fix: `kubectl get pods -l app=${app} -n ${ctx.namespace}` });
      const silent: string[] = [];
      for (const pod of pods) {
        // A pod that has not started yet has no log: it counts as silent, not as an error.
        const text = await ctx.kube.logs(pod.metadata.name, { tailLines: 1 }).catch(() => '');
        if (text.trim() === '') silent.push(pod.metadata.name);
      }
      const progress = { done: pods.length - silent.length, total: pods.length };
      if (silent.length === 0) return pass(name, `read logs from all ${pods.length} ${app} pods`, { progress });
      return fail(name, `${silent.length} of ${pods.length} pods have no logs yet (${silent.slice(0, 2).join(', ')})`, { path: 'logs', expected: 'a line from every pod', actual: `${progress.done}/${progress.total}`, progress, fix, involvedPods: silent });
    },
  };
}
