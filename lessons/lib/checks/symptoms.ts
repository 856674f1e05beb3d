import { countReadyEndpoints, fail, ownedReplicaSets, pass, revisionOf, type Check, type CheckContext, type KubeObject, type PodStatus } from '../../engine.js';

/** Checks that pass when something is visibly broken: the troubleshooting lesson waits for them before the learner diagnoses. */

function reasonsOf(pod: KubeObject): string[] {
  const status = pod.status as PodStatus | undefined;
  const reasons: string[] = [];
  for (const c of status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) reasons.push(c.state.waiting.reason);
    if (c.state?.terminated?.reason) reasons.push(c.state.terminated.reason);
    if ((c.restartCount ?? 0) > 0 && c.lastState?.terminated) reasons.push('Restarted');
  }
  const unschedulable = status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (status?.phase === 'Pending' && unschedulable) reasons.push('Unschedulable');
  return reasons;
}

/** The first pod that shows one of the states, so the lesson points the learner at a pod with the symptom, not a bystander. */
export function podShowing(pods: KubeObject[], states: string[]): KubeObject | undefined {
  return pods.find((p) => reasonsOf(p).some((r) => states.includes(r)));
}

/**
 * The name of the Deployment's current ReplicaSet: the one at the Deployment's revision, once the
 * controller has seen the latest change (observedGeneration); undefined until then.
 */
async function currentReplicaSet(ctx: CheckContext, app: string): Promise<string | undefined> {
  const deployment = await ctx.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: app });
  const observed = (deployment?.status as { observedGeneration?: number } | undefined)?.observedGeneration ?? 0;
  if (!deployment || observed < (deployment.metadata.generation ?? 0)) return undefined;
  const sets = await ctx.kube.list('apps/v1', 'ReplicaSet', { labelSelector: `app=${app}` });
  return ownedReplicaSets(deployment, sets).find((rs) => revisionOf(rs) === revisionOf(deployment))?.metadata.name;
}

/**
 * A pod of the app shows one of the given states (ErrImageNeverPull, CrashLoopBackOff, Unschedulable, …).
 * `fresh`: only pods of the Deployment's current ReplicaSet that are not being deleted, so that the pods
 * of an earlier breakage, about to be replaced, do not count (a learner who skips a fix moves on within
 * a second, so creation times cannot tell them apart).
 */
export function podShows(app: string, states: string[], options: { fresh?: boolean } = {}): Check {
  const name = `a ${app} pod shows ${states.join(' or ')}`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }, { apiVersion: 'apps/v1', kind: 'ReplicaSet' }],
    async evaluate(ctx) {
      let pods = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${app}` });
      if (options.fresh) {
        const current = await currentReplicaSet(ctx, app);
        const owned = (p: KubeObject) => p.metadata.ownerReferences?.some((o) => o.name === current) ?? false;
        pods = current ? pods.filter((p) => owned(p) && !p.metadata.deletionTimestamp) : [];
      }
      const pod = podShowing(pods, states);
      if (pod) return pass(name, `pod ${pod.metadata.name}: ${reasonsOf(pod).filter((r) => states.includes(r)).join(', ')}`);
      return fail(name, `no ${app} pod shows ${states.join(' or ')} yet`);
    },
  };
}

/** The Service has no ready endpoints. */
export function serviceEmpty(service: string): Check {
  const name = `Service ${service} has no endpoints`;
  return {
    name,
    watches: [{ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }],
    async evaluate(ctx) {
      const ready = countReadyEndpoints(await ctx.kube.list('discovery.k8s.io/v1', 'EndpointSlice', { labelSelector: `kubernetes.io/service-name=${service}` }));
      return ready === 0 ? pass(name, `Service ${service} has 0 endpoints`) : fail(name, `Service ${service} still has ${ready} endpoints`);
    },
  };
}

/** GET / through the Service fails. */
export function serviceFails(service: string, port = 80): Check {
  const name = `requests through Service ${service} fail`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }],
    async evaluate(ctx) {
      // A refused or failed request is the symptom this check waits for.
      const answer = await ctx.kube.proxy({ kind: 'service', name: service, port }, '/').catch(() => ({ status: 0, body: '' }));
      return answer.status === 200 ? fail(name, `Service ${service} still answers 200`) : pass(name, `GET / through ${service} answered ${answer.status || 'nothing'}`);
    },
  };
}
