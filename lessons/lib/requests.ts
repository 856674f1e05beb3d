import type { CheckContext } from '../engine.js';
import { appPods } from './objects.js';

/**
 * The requests the sample app wrote to its access log ({"msg":"request","path":…}): the trace a
 * learner's own request leaves, when nothing else in the cluster changes (lessons 4 and 5).
 */

export interface LoggedRequest {
  time: string;
  method: string;
  path: string;
  status: number;
}

/** Pure: the app's access-log lines for `path` at or after `since` (ISO), from a pod's log text. */
export function requestsIn(log: string, path: string, since?: string): LoggedRequest[] {
  const from = since ? Date.parse(since) : 0;
  const found: LoggedRequest[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes(`"path":${JSON.stringify(path)}`)) continue;
    try {
      const entry = JSON.parse(line) as Partial<LoggedRequest> & { msg?: string };
      if (entry.msg !== 'request' || entry.path !== path || !entry.time) continue;
      if (Date.parse(entry.time) >= from) found.push({ time: entry.time, method: entry.method ?? 'GET', path, status: entry.status ?? 0 });
    } catch {
      // Not one of the app's JSON lines (a stack trace, say): not a request.
    }
  }
  return found;
}

/** Every app pod's requests for `path` since `since`, pod by pod (oldest pod first). */
export async function requestsSince(ctx: Pick<CheckContext, 'kube'>, path: string, since: string): Promise<{ pod: string; request: LoggedRequest }[]> {
  const pods = await appPods(ctx);
  const seconds = Math.max(10, Math.ceil((Date.now() - Date.parse(since)) / 1000) + 10);
  const found: { pod: string; request: LoggedRequest }[] = [];
  for (const pod of pods) {
    // A pod that is just starting has no log yet: it holds no request either.
    const log = await ctx.kube.logs(pod.metadata.name, { sinceSeconds: seconds }).catch(() => '');
    for (const request of requestsIn(log, path, since)) found.push({ pod: pod.metadata.name, request });
  }
  return found;
}
