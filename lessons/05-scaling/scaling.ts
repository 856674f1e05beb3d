import { APP, DEPLOYMENT, eventTime, eventsAbout, fail, learnerManifest, pass, type Check, type KubeObject } from '../kit.js';
import { requestsSince } from '../lib/requests.js';

/** Lesson 5's checks: the learner's scale, the file as the source of truth, and requests spread over pods. */

/** Pure: "Scaled up replica set fastapi-k8s-7f8b9c6d4 from 5 to 10" (older clusters: "… to 10") → 10. */
export function scaledUpTo(message: string): number | undefined {
  const m = /^Scaled up replica set \S+ (?:from \d+ )?to (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/**
 * The learner's scale: the Deployment controller reported scaling a ReplicaSet up to `replicas`
 * since the step began (its ScalingReplicaSet event), or the Deployment asks for that many now.
 * Latching: the next step scales it down again.
 */
export function scaledTo(replicas: number): Check {
  const name = `you scaled the Deployment to ${replicas} (kubectl scale)`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Event' }, { apiVersion: 'apps/v1', kind: 'Deployment' }],
    latch: true,
    async baseline() {
      return { at: new Date().toISOString() };
    },
    async evaluate(ctx) {
      const since = Date.parse((ctx.baseline as { at?: string } | undefined)?.at ?? '') || 0;
      const [events, deployment] = await Promise.all([eventsAbout(ctx, { kind: 'Deployment', name: APP }, { reason: 'ScalingReplicaSet' }), ctx.kube.get(DEPLOYMENT)]);
      // Event times have whole seconds: one in the step's first second counts.
      const seen = events.filter((e) => eventTime(e) >= since - 1000).map((e) => ({ to: scaledUpTo(String((e as { message?: unknown }).message ?? '')), at: eventTime(e) }));
      const hit = seen.find((s) => s.to === replicas);
      if (hit) return pass(name, `the Deployment scaled its ReplicaSet up to ${replicas} at ${new Date(hit.at).toISOString()}`);
      const asks = (deployment?.spec as { replicas?: number } | undefined)?.replicas;
      if (asks === replicas) return pass(name, `Deployment ${APP} asks for ${replicas} replicas`);
      return fail(name, `Deployment ${APP} has not been scaled to ${replicas} since this step began (it asks for ${asks ?? 'nothing: it does not exist'})`, {
        path: 'spec.replicas', expected: replicas, actual: asks, fix: `kubectl scale deployment ${APP} --replicas=${replicas} -n ${ctx.namespace}`,
      });
    },
  };
}

interface ManagedEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: { 'f:spec'?: Record<string, unknown> };
}

export type ReplicasSource = { fromFile: true; how: string } | { fromFile: false; by: string; fileSays?: number };

/** Who set spec.replicas last, in words: kubectl scale, kubectl edit, a patch, the tutor… */
function describeManager(entry: ManagedEntry): string {
  if (entry.subresource === 'scale') return entry.manager === 'kubectl' ? 'kubectl scale' : `a scale by ${entry.manager ?? 'someone'}`;
  if (entry.manager === 'kubectl-edit') return 'kubectl edit';
  if (entry.manager === 'kubectl-patch') return 'kubectl patch';
  return `${entry.manager ?? 'someone'} (${(entry.operation ?? 'update').toLowerCase()})`;
}

/**
 * Pure: whether the Deployment's current replicas came from a file that was applied. A server-side
 * apply (any manager) owns spec.replicas while it is the applied value; a client-side `kubectl
 * apply` leaves the file it applied in the last-applied-configuration annotation. Anything else
 * (kubectl scale, edit, patch) changed the live object only: the file no longer says so.
 */
export function replicasSource(deployment: KubeObject): ReplicasSource {
  const live = (deployment.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  const managed = (deployment.metadata.managedFields as ManagedEntry[] | undefined) ?? [];
  const owners = managed.filter((m) => m.fieldsV1?.['f:spec'] && 'f:replicas' in m.fieldsV1['f:spec']);
  const applier = owners.find((m) => m.operation === 'Apply');
  if (applier) return { fromFile: true, how: `applied from a file (server-side apply by ${applier.manager ?? 'someone'})` };
  let fileSays: number | undefined;
  const lastApplied = deployment.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
  if (lastApplied) {
    try {
      const spec = (JSON.parse(lastApplied) as { spec?: { replicas?: number } }).spec;
      fileSays = spec?.replicas ?? 1;
    } catch {
      // A hand-made annotation that is not JSON tells nothing about a file.
    }
  }
  if (fileSays === live) return { fromFile: true, how: 'applied from a file (kubectl apply: the file it applied last says so)' };
  const last = owners.find((m) => m.operation !== 'Apply');
  return { fromFile: false, by: last ? describeManager(last) : 'something other than kubectl apply', ...(fileSays === undefined ? {} : { fileSays }) };
}

/** The Deployment asks for `replicas`, and that number comes from a file the learner applied, not a live edit. */
export function replicasFromFile(replicas: number): Check {
  const name = `replicas: ${replicas} comes from a file you applied (kubectl apply -f)`;
  return {
    name,
    watches: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
    async evaluate(ctx) {
      const fix = `sed 's/replicas: 5/replicas: ${replicas}/' ${learnerManifest('k8s.yaml')} | kubectl apply -n ${ctx.namespace} -f -`;
      const deployment = await ctx.kube.get(DEPLOYMENT);
      if (!deployment) return fail(name, `Deployment ${APP} does not exist in namespace ${ctx.namespace}`, { path: 'metadata.name', expected: APP, actual: undefined, fix });
      const live = (deployment.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      if (live !== replicas) {
        return fail(name, `replicas is ${live}; set replicas: ${replicas} in your copy of k8s.yaml and apply it`, { path: 'spec.replicas', expected: replicas, actual: live, fix });
      }
      const source = replicasSource(deployment);
      if (source.fromFile) return pass(name, `replicas: ${replicas}, ${source.how}`);
      return fail(name, `replicas is ${replicas}, but ${source.by} set it, not a file you applied: the file ${source.fileSays === undefined ? 'does not say so' : `still says ${source.fileSays}`}, and the next kubectl apply of it would undo the change`, {
        path: 'spec.replicas', expected: `${replicas}, from kubectl apply -f`, actual: `${replicas}, from ${source.by}`, fix,
      });
    },
  };
}

/** Pure: request counts per pod. */
export function perPod(found: { pod: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { pod } of found) counts.set(pod, (counts.get(pod) ?? 0) + 1);
  return counts;
}

/** Pure: "9 + 7 = 16 answers in the pods' logs so far", or "5 answers in its log so far" for one pod. */
export function answeredSoFar(counts: Map<string, number>): string {
  const values = [...counts.values()];
  const total = values.reduce((a, b) => a + b, 0);
  const answers = `${total} answer${total === 1 ? '' : 's'}`;
  return values.length === 1 ? `${answers} in its log so far` : `${values.join(' + ')} = ${answers} in the pods' logs so far`;
}

/**
 * The learner's requests to GET / since the step began were answered by at least `min` different
 * pods (read from the pods' access logs). Latching: scaling later removes pods, and their logs.
 */
export function requestsSpread(min = 2): Check {
  const name = `your requests through the Service were answered by at least ${min} pods`;
  return {
    name,
    watches: [],
    latch: true,
    async baseline() {
      return { at: new Date().toISOString() };
    },
    async evaluate(ctx) {
      const since = (ctx.baseline as { at?: string } | undefined)?.at;
      const loop = `for i in $(seq 1 20); do kubectl get --raw /api/v1/namespaces/${ctx.namespace}/services/${APP}:80/proxy/; echo; done`;
      if (!since) return fail(name, 'no starting point recorded yet; send the requests, then check again', { fix: loop });
      const counts = perPod(await requestsSince(ctx, '/', since));
      const progress = { done: Math.min(counts.size, min), total: min };
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      // Counted as answered (a line in a pod's access log), not as sent: requests still on their way are not in yet.
      if (counts.size >= min) return pass(name, `${counts.size} pods answered your requests to /: ${answeredSoFar(counts)}`, { progress });
      return fail(name, total === 0 ? `no request to / has reached a ${APP} pod since ${since}` : `only ${counts.size === 1 ? '1 pod has' : `${counts.size} pods have`} answered your requests to /: ${answeredSoFar(counts)}; send more (or scale up)`, {
        path: 'logs', expected: `GET / on ≥${min} pods`, actual: counts.size, progress, fix: loop,
      });
    },
  };
}
