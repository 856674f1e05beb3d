import { APP, fail, pass, type Check } from '../kit.js';
import { requestsSince } from '../lib/requests.js';

export { requestsIn, requestsSince } from '../lib/requests.js';

/**
 * The one trace lesson 4's try-it leaves: reading (get, describe, logs) changes nothing, but a
 * request the learner sends from inside a pod is written to that pod's log by the app.
 */

export const TRACE_PATH = '/info';

/** What the learner types inside the pod's shell: Node is in every image of the app (wget and curl are not). */
export const INSIDE_COMMAND = `node -e "fetch('http://localhost:8000${TRACE_PATH}').then(r => r.text()).then(console.log)"`;

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
