import { APP, appPods, fail, pass, type Check, type CheckContext } from '../kit.js';

/**
 * The one trace lesson 4's try-it leaves: reading (get, describe, logs) changes nothing, but a
 * request the learner sends from inside a pod is written to that pod's log by the app.
 */

export const TRACE_PATH = '/info';

/** What the learner types inside the pod's shell: Node is in every image of the app (wget and curl are not). */
export const INSIDE_COMMAND = `node -e "fetch('http://localhost:8000${TRACE_PATH}').then(r => r.text()).then(console.log)"`;

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
    if (!line.includes(`"path":"${path}"`)) continue;
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

/** Every app pod's requests for `path` since `since`, newest pod first. */
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

/**
 * The learner's request to GET /info reached a pod since the step began (from a shell inside it, as
 * the step asks; the tutor's "do it for me" goes through the API server's pod proxy). Latching: the
 * log goes when the pod does.
 */
export const infoRequested: Check = {
  name: `your request to ${TRACE_PATH}, sent from inside a pod, is in its log`,
  watches: [],
  latch: true,
  async baseline() {
    return { at: new Date().toISOString() };
  },
  async evaluate(ctx) {
    const name = infoRequested.name;
    const since = (ctx.baseline as { at?: string } | undefined)?.at;
    const shell = `kubectl exec -it $(kubectl get pods -l app=${APP} -n ${ctx.namespace} -o name | head -1) -n ${ctx.namespace} -- sh, then inside: ${INSIDE_COMMAND}`;
    if (!since) return fail(name, 'no starting point recorded yet; send the request, then check again', { fix: shell });
    const [first] = await requestsSince(ctx, TRACE_PATH, since);
    if (first) return pass(name, `pod ${first.pod} logged GET ${TRACE_PATH} (${first.request.status}) at ${first.request.time}`);
    return fail(name, `no ${APP} pod has logged a GET ${TRACE_PATH} since ${since}`, { path: 'logs', expected: `a GET ${TRACE_PATH} line`, actual: 'none', fix: shell });
  },
};
