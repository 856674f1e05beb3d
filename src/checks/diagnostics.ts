import { eventTime } from '../kube/events.js';
import type { Kube, KubeObject } from '../kube/types.js';
import type { CheckResult } from './check.js';

/** What the cluster said about the pods involved in a failed wait: their recent events and log lines. */
export async function collectDiagnostics(kube: Kube, results: CheckResult[], maxPods = 3): Promise<string[]> {
  const pods = [...new Set(results.filter((r) => !r.passed).flatMap((r) => r.involvedPods ?? []))].slice(0, maxPods);
  const lines: string[] = [];
  // Diagnostics add to a failure already being reported: what cannot be read is left out, not raised.
  const events = await kube.list('v1', 'Event').catch(() => [] as KubeObject[]);
  for (const pod of pods) {
    const about = events
      .filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === pod)
      .sort((a, b) => eventTime(a) - eventTime(b))
      .slice(-4);
    lines.push(`pod ${pod}:`);
    for (const e of about) lines.push(`  event ${String(e.reason)}: ${String(e.message ?? '').split('\n')[0]}`);
    // Same: a pod without a log (not started, or gone) just shows none.
    const log = await kube.logs(pod, { tailLines: 3 }).catch(() => '');
    for (const line of log.trimEnd().split('\n').filter(Boolean)) lines.push(`  log   ${line.slice(0, 160)}`);
  }
  return lines;
}
