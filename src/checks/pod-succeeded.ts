import type { Check, CheckContext } from './check.js';
import { fail, pass } from './check.js';

/** A one-shot pod ran to the end with exit code 0 (phase Succeeded). */
export function podSucceeded(pod: string, what: string, fix: (ctx: CheckContext) => string | Promise<string>): Check {
  const name = `${what} (pod ${pod} Succeeded)`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    async evaluate(ctx) {
      const found = await ctx.kube.get({ apiVersion: 'v1', kind: 'Pod', name: pod });
      const phase = (found?.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Succeeded') return pass(name, `pod ${pod} ran and exited 0: ${what}`);
      const why = !found ? `pod ${pod} does not exist: no such request was made yet`
        : phase === 'Failed' ? `pod ${pod} failed: its request did not get an answer (kubectl logs ${pod} -n ${ctx.namespace} says why)`
          : `pod ${pod} is still ${phase ?? 'starting'}`;
      return fail(name, why, { path: 'status.phase', expected: 'Succeeded', actual: phase, fix: await fix(ctx), ...(found ? { involvedPods: [pod] } : {}) });
    },
  };
}
