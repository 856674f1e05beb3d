import type { Kube } from './types.js';

export interface FollowOptions {
  seconds: number;
  /** Called once the starting point is taken, e.g. to make the pods log something. */
  onStart?: () => Promise<void>;
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * A bounded `kubectl logs -l … -f --prefix`: re-reads each pod's recent lines for a few seconds and
 * reports the ones it has not reported yet, prefixed with the pod's name. Returns how many it reported.
 */
export async function followLogs(kube: Kube, pods: string[], options: FollowOptions, onLine: (line: string) => void): Promise<number> {
  const seen = new Map<string, Set<string>>(pods.map((p) => [p, new Set<string>()]));
  const started = Date.now();
  let reported = 0;
  // The first read covers the widest window any later read will, so that only new lines are reported.
  const window = (report: boolean) => (report ? Math.ceil((Date.now() - started) / 1000) + 2 : options.seconds + 5);
  const read = async (report: boolean) => {
    const sinceSeconds = window(report);
    // A pod that is starting or being replaced has no log for this window yet: it shows nothing this round.
    const answers = await Promise.all(pods.map(async (pod) => [pod, await kube.logs(pod, { sinceSeconds }).catch(() => '')] as const));
    for (const [pod, text] of answers) {
      const known = seen.get(pod)!;
      for (const line of text.split('\n').filter(Boolean)) {
        if (known.has(line)) continue;
        known.add(line);
        if (!report) continue;
        reported++;
        onLine(`[pod/${pod}] ${line}`);
      }
    }
  };
  await read(false);
  await options.onStart?.();
  while (Date.now() - started < options.seconds * 1000 && !options.signal?.aborted) {
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 1000));
    await read(true);
  }
  return reported;
}
