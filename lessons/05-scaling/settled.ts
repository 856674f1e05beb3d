import { DEPLOYMENT, fail, pass, replicasReady, type Check, type KubeObject } from '../kit.js';

/**
 * Pure: the Deployment's counts from one read, when its status still counts more pods than its spec
 * asks for. Just after a scale-down the Deployment controller sums its ReplicaSets' status, which
 * lags behind their spec for a moment: spec says 4 while status still says 10 ready, and rolled out.
 */
export function stillCountingMore(deployment: KubeObject, replicas: number): { counted: number; ready: number } | undefined {
  const status = (deployment.status ?? {}) as { replicas?: number; readyReplicas?: number };
  const counted = status.replicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  return Math.max(counted, ready) > replicas ? { counted, ready } : undefined;
}

/**
 * `replicasReady(app, n)` that passes only when the Deployment's status counts exactly n, so that what it
 * says ("4/4 replicas ready") comes from one moment, never a desired 4 beside the 10 ready of a scale-down
 * not yet counted. Same name, so the lesson's check and docs/checks.md read as before.
 */
export function replicasSettled(app: string, replicas: number): Check {
  const ready = replicasReady(app, replicas);
  return {
    ...ready,
    async evaluate(ctx) {
      const result = await ready.evaluate(ctx);
      if (!result.passed) return result;
      // The words come from this one read: the check above may have seen the stale status.
      const deployment = await ctx.kube.get(DEPLOYMENT);
      const more = deployment && stillCountingMore(deployment, replicas);
      if (more) {
        return fail(ready.name, `scaling down to ${replicas}: the Deployment still counts ${more.counted} pods, ${more.ready} of them ready`, {
          path: 'status.replicas', expected: replicas, actual: more.counted, progress: { done: Math.min(more.ready, replicas), total: replicas },
          fix: `kubectl get pods -l app=${app} -n ${ctx.namespace}`,
        });
      }
      const readyNow = (deployment?.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0;
      // Gone or fewer ready since the first read: the plain check says which, in its own words.
      if (readyNow !== replicas) return ready.evaluate(ctx);
      return pass(ready.name, `${replicas}/${replicas} replicas ready`, { progress: { done: replicas, total: replicas } });
    },
  };
}
