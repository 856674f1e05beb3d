import type { KubeObject } from '../kube/types.js';
import { rolloutStatus } from '../kube/rollout.js';
import type { Check, CheckContext } from './check.js';
import { fail, pass } from './check.js';

const deployment = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', name });

function podNames(pods: KubeObject[]): string[] {
  return pods.map((p) => p.metadata.name);
}

async function podsOf(ctx: CheckContext, name: string): Promise<KubeObject[]> {
  return ctx.kube.list('v1', 'Pod', { labelSelector: `app=${name}` });
}

export interface ReadyOptions {
  /** The command that creates the Deployment when it is missing. */
  create?: (ctx: CheckContext) => string;
  /** What to do when a pod waits for an image the node does not have (the pods' reason line is given). */
  imageMissing?: (why: string, ctx: CheckContext) => string;
}

/** The Deployment asks for `replicas` copies (when given), has rolled out, and all are ready. */
export function replicasReady(name: string, replicas?: number, options: ReadyOptions = {}): Check {
  const checkName = replicas === undefined ? `${name}: all replicas ready` : `${name}: ${replicas}/${replicas} replicas ready`;
  return {
    name: checkName,
    watches: [{ apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'v1', kind: 'Pod' }],
    async evaluate(ctx) {
      const d = await ctx.kube.get(deployment(name));
      if (!d) {
        return fail(checkName, `Deployment ${name} does not exist in namespace ${ctx.namespace}`, {
          path: 'metadata.name', expected: name, actual: undefined,
          fix: options.create?.(ctx) ?? `kubectl get deployments -n ${ctx.namespace}`,
        });
      }
      const desired = (d.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      const ready = (d.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0;
      const target = replicas ?? desired;
      const progress = { done: Math.min(ready, target), total: target };
      if (desired !== target) {
        return fail(checkName, `replicas is ${desired}; this lesson expects ${target}`, {
          path: 'spec.replicas', expected: target, actual: desired, progress,
          fix: `kubectl scale deployment ${name} --replicas=${target} -n ${ctx.namespace}`,
        });
      }
      const status = rolloutStatus(d);
      if (!status.done || ready < target) {
        const pods = await podsOf(ctx, name);
        const why = explainPods(pods);
        return fail(checkName, `${ready} of ${target} replicas are ready${why ? `: ${why}` : ''}`, {
          path: 'status.readyReplicas', expected: target, actual: ready, progress,
          fix: !why?.includes('ErrImageNeverPull')
            ? `kubectl get pods -l app=${name} -n ${ctx.namespace}`
            : (options.imageMissing?.(why, ctx) ?? `the pods ask for an image that is not on the node; check the tag: kubectl get deployment ${name} -n ${ctx.namespace} -o jsonpath='{.spec.template.spec.containers[*].image}'`),
          involvedPods: podNames(pods),
        });
      }
      return pass(checkName, `${ready}/${target} replicas ready`, { progress });
    },
  };
}

/** The first reason a pod is not ready, in plain words (ImagePullBackOff, CrashLoopBackOff, Pending…). */
export function explainPods(pods: KubeObject[]): string | undefined {
  for (const pod of pods) {
    const status = pod.status as PodStatus | undefined;
    for (const c of status?.containerStatuses ?? []) {
      const waiting = c.state?.waiting?.reason;
      if (waiting && waiting !== 'ContainerCreating') return `pod ${pod.metadata.name} is ${waiting}${c.state?.waiting?.message ? ` (${firstLine(c.state.waiting.message)})` : ''}`;
      const last = c.lastState?.terminated?.reason;
      if (last === 'OOMKilled' || last === 'Error') return `pod ${pod.metadata.name} last ended with ${last}`;
    }
    if (status?.phase === 'Pending') {
      const unschedulable = status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
      if (unschedulable) return `pod ${pod.metadata.name} cannot be scheduled: ${firstLine(unschedulable.message ?? unschedulable.reason ?? '')}`;
    }
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 160);
}

export interface PodStatus {
  phase?: string;
  podIP?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  containerStatuses?: {
    name: string;
    ready?: boolean;
    restartCount?: number;
    state?: { waiting?: { reason?: string; message?: string }; running?: { startedAt?: string }; terminated?: { reason?: string; exitCode?: number } };
    lastState?: { terminated?: { reason?: string; exitCode?: number; finishedAt?: string } };
  }[];
}

/** The Service has `count` ready endpoints (at least one when count is omitted). */
export function endpointsReady(service: string, count?: number): Check {
  const checkName = count === undefined ? `service ${service} has ready endpoints` : `service ${service} has ${count} ready endpoints`;
  return {
    name: checkName,
    watches: [{ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }],
    async evaluate(ctx) {
      const slices = await ctx.kube.list('discovery.k8s.io/v1', 'EndpointSlice', { labelSelector: `kubernetes.io/service-name=${service}` });
      const ready = countReadyEndpoints(slices);
      const want = count ?? 1;
      const progress = { done: Math.min(ready, want), total: want };
      const ok = count === undefined ? ready >= 1 : ready === count;
      if (ok) return pass(checkName, `service ${service} has ${ready} ready endpoint${ready === 1 ? '' : 's'}`, { progress });
      return fail(checkName, `service ${service} has ${ready} ready endpoint${ready === 1 ? '' : 's'}; this lesson expects ${count ?? 'at least 1'}`, {
        path: 'endpoints', expected: count ?? '≥1', actual: ready, progress,
        fix: `kubectl get endpointslices -l kubernetes.io/service-name=${service} -n ${ctx.namespace}`,
      });
    },
  };
}

export function countReadyEndpoints(slices: KubeObject[]): number {
  const addresses = new Set<string>();
  for (const slice of slices) {
    for (const e of (slice.endpoints as { addresses?: string[]; conditions?: { ready?: boolean } }[] | undefined) ?? []) {
      if (e.conditions?.ready !== false) for (const a of e.addresses ?? []) addresses.add(a);
    }
  }
  return addresses.size;
}

/** Before/after: at least one pod with the label now exists that was not there when the baseline was taken. */
export function podReplaced(name: string): Check {
  const checkName = `a ${name} pod was replaced`;
  return {
    name: checkName,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    async baseline(ctx) {
      const pods = await podsOf(ctx, name);
      return { uids: pods.map((p) => p.metadata.uid ?? ''), at: new Date().toISOString() };
    },
    async evaluate(ctx) {
      const before = ctx.baseline as { uids?: string[]; at?: string } | undefined;
      const pods = await podsOf(ctx, name);
      if (!before?.uids) {
        return fail(checkName, `no starting point recorded yet; delete one pod and check again`, {
          fix: deleteOnePod(name, ctx.namespace),
        });
      }
      const old = new Set(before.uids);
      const fresh = pods.filter((p) => !old.has(p.metadata.uid ?? '') && !p.metadata.deletionTimestamp);
      const gone = before.uids.filter((uid) => !pods.some((p) => p.metadata.uid === uid));
      if (fresh.length > 0 && gone.length > 0) {
        return pass(checkName, `pod ${fresh[0]!.metadata.name} replaced a deleted one`);
      }
      return fail(checkName, `no ${name} pod has been deleted and replaced since ${before.at ?? 'the lesson began'}`, {
        path: 'pods', expected: 'a new pod UID', actual: 'the same pods as before',
        fix: deleteOnePod(name, ctx.namespace),
      });
    },
  };
}

function deleteOnePod(app: string, namespace: string): string {
  return `kubectl delete $(kubectl get pods -l app=${app} -n ${namespace} -o name | head -1) -n ${namespace}`;
}
