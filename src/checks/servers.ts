import type { Kube } from '../kube/types.js';
import type { Check } from './check.js';
import { fail, pass } from './check.js';

export interface ServerTally {
  /** server name → answers, in order of first answer. */
  counts: Map<string, number>;
  failed: number;
}

/**
 * Sends `requests` GETs to / through the API server's proxy to the Service, one after another,
 * and counts which pod (`server`) answered each.
 */
export async function tallyServers(kube: Kube, service: string, requests = 20): Promise<ServerTally> {
  const counts = new Map<string, number>();
  let failed = 0;
  for (let i = 0; i < Math.min(requests, 100); i++) {
    // A request that fails is counted as failed below, not thrown: the check reports how many answered.
    const answer = await kube.proxy({ kind: 'service', name: service, port: 80 }, '/').catch(() => undefined);
    const server = answer && answer.status === 200 ? serverOf(answer.body) : undefined;
    if (server) counts.set(server, (counts.get(server) ?? 0) + 1);
    else failed++;
  }
  return { counts, failed };
}

function serverOf(body: string): string | undefined {
  try {
    const value = (JSON.parse(body) as { server?: unknown }).server;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** At least `min` different pods answer 20 requests through the Service. */
export function distinctServers(service: string, min = 2): Check {
  const name = `at least ${min} pods answer through service ${service}`;
  return {
    name,
    watches: [],
    async evaluate(ctx) {
      const { counts, failed } = await tallyServers(ctx.kube, service);
      const progress = { done: Math.min(counts.size, min), total: min };
      if (counts.size >= min) return pass(name, `${counts.size} different pods answered 20 requests through service ${service}`, { progress });
      return fail(name, `only ${counts.size} pod${counts.size === 1 ? '' : 's'} answered 20 requests through service ${service}${failed ? ` (${failed} failed)` : ''}; this lesson expects at least ${min}`, {
        path: 'endpoints', expected: `≥${min} servers`, actual: counts.size, progress,
        fix: `kubectl scale deployment ${service} --replicas=${Math.max(min, 2)} -n ${ctx.namespace}`,
      });
    },
  };
}
