// The engine's own wait, bundled for the reaction benchmark: connect as the CLI does, and wait with
// waitUntil (watch-driven) for a pod that was not in `before` to be Ready.
import { connect, fail, pass, waitUntil, type Check, type KubeObject } from '../../src/api.js';

const isReady = (pod: KubeObject) =>
  !pod.metadata.deletionTimestamp &&
  ((pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

function replacementReady(app: string, before: Set<string>): Check {
  const name = `a new ${app} pod is Ready`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    async evaluate(ctx) {
      const pods = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${app}` });
      const fresh = pods.find((p) => !before.has(p.metadata.uid ?? '') && isReady(p));
      return fresh ? pass(name, fresh.metadata.name) : fail(name, 'waiting');
    },
  };
}

/** Resolves with performance.now() at the moment the engine reports the replacement Ready, and its name. */
export async function waitForReplacement(namespace: string, app: string, before: Set<string>, timeoutMs: number): Promise<{ at: number; pod: string }> {
  const { kube } = await connect({ namespace, writes: false, env: process.env });
  const outcome = await waitUntil([replacementReady(app, before)], { kube, namespace }, { timeoutMs });
  const at = performance.now();
  if (!outcome.passed) throw new Error(`no replacement Ready within ${timeoutMs} ms`);
  return { at, pod: outcome.results[0]!.message };
}
