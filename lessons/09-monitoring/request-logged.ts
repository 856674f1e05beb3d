import { APP, fail, pass, type Check, type CheckContext } from '../kit.js';

/**
 * Reading logs leaves no trace on the cluster, so no check can tell whether the learner ran
 * `kubectl logs`. What does leave one is a request of their own: the app writes one JSON line per
 * request ({"time", "msg": "request", "method", "path", "status"}). The learner sends GET /version
 * (nothing else in this lesson asks for it) and finds the line with `kubectl logs -l`; the check
 * finds the same line, newer than the try-it's start, in any replica's log. It latches, because a
 * restarted pod's log starts over.
 */

export const PATH = '/version';
export const NAME = `you sent GET ${PATH} to the app, and its log has the line`;

interface LogLine {
  time?: string;
  msg?: string;
  method?: string;
  path?: string;
  status?: number;
}

/** The request lines for `path` logged at or after `since` (ms), from one pod's log text. */
export function requestsIn(log: string, path: string, since: number): LogLine[] {
  const found: LogLine[] = [];
  for (const text of log.split('\n')) {
    if (!text.includes(path)) continue;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      continue; // not one of the app's JSON lines (a runtime warning, say)
    }
    if (line.msg === 'request' && line.path === path && Date.parse(line.time ?? '') >= since) found.push(line);
  }
  return found;
}

export function sendCommand(namespace: string): string {
  return `kubectl get --raw /api/v1/namespaces/${namespace}/services/${APP}:80/proxy${PATH}`;
}

async function appPodNames(ctx: CheckContext): Promise<string[]> {
  const pods = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${APP}` });
  return pods.filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running').map((p) => p.metadata.name);
}

export const requestInLogs: Check = {
  name: NAME,
  latch: true,
  // Logs are not watchable objects: polled.
  watches: [],
  async baseline() {
    // One second of slack: the app's timestamps have milliseconds, the server's clock may be a little behind ours.
    return { since: new Date(Date.now() - 1000).toISOString() };
  },
  async evaluate(ctx) {
    const since = Date.parse((ctx.baseline as { since?: string } | undefined)?.since ?? '') || Date.now();
    const seconds = Math.max(1, Math.ceil((Date.now() - since) / 1000) + 1);
    for (const pod of await appPodNames(ctx)) {
      // A pod that is starting or gone has no log to read yet: the others may still have the line.
      const log = await ctx.kube.logs(pod, { sinceSeconds: seconds }).catch(() => '');
      const [line] = requestsIn(log, PATH, since);
      if (line) return pass(NAME, `pod ${pod} logged ${line.method ?? 'GET'} ${PATH} → ${line.status ?? '?'} at ${line.time}`);
    }
    return fail(NAME, `no replica has logged a GET ${PATH} since ${new Date(since).toISOString()}: the step "send a request and find it in the logs" is not done`, {
      path: 'logs', expected: `a request line for ${PATH}`, actual: 'none', fix: `${sendCommand(ctx.namespace)}; kubectl logs -l app=${APP} --prefix -n ${ctx.namespace} | grep ${PATH}`,
    });
  },
};
