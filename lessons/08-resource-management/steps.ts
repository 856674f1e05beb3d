import { APP, appPods, eventsAbout, fail, formatTable, parseQuantity, pass, podTable, restartsOf, timelineOf, type Check, type LessonContext } from '../kit.js';

/** The work of lesson 8's steps: the node sizes, the out-of-memory demo and the usage table behind the words in lesson.ts. */

/** The app's pods by name. */
export const pods = (ctx: LessonContext) => appPods(ctx, { order: 'name' });

/** The largest CPU a node can give pods, in cores. */
export async function biggestNodeCpu(ctx: LessonContext): Promise<number> {
  const nodes = await ctx.kube.list('v1', 'Node', { namespace: null });
  return Math.max(1, ...nodes.map((n) => parseQuantity((n.status as { allocatable?: { cpu?: string } } | undefined)?.allocatable?.cpu) ?? 0));
}

export function resourcesPatch(cpu: string): unknown {
  return { spec: { template: { spec: { containers: [{ name: APP, resources: { requests: { cpu }, limits: { cpu } } }] } } } };
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)}Mi`;
const millicores = (cores: number) => `${Math.round(cores * 1000)}m`;

/** GET /memory?mb=300 in the first pod by name (sets {oomPod}): the timeline until its container was killed and restarted, and why it ended. */
export async function allocateOverMemoryLimit(ctx: LessonContext): Promise<string[]> {
  const [pod] = await pods(ctx);
  if (!pod) return ['no running pod'];
  const name = pod.metadata.name;
  ctx.vars.oomPod = name;
  const before = restartsOf(pod);
  const shown = await timelineOf(
    ctx,
    // The request never answers (the container dies under it): fire it, ignore its failure, and watch the pod instead.
    async () => void ctx.kube.proxy({ kind: 'pod', name, port: 8000 }, '/memory?mb=300').catch(() => undefined),
    (v) => (v.restarts[name] ?? 0) > before && v.readyPods >= 5,
    { timeoutMs: 60_000 },
  );
  const after = (await pods(ctx)).find((p) => p.metadata.name === name);
  const last = (after?.status as { containerStatuses?: { lastState?: { terminated?: { reason?: string; exitCode?: number } } }[] } | undefined)?.containerStatuses?.[0]?.lastState?.terminated;
  return [
    ...shown.lines,
    '',
    ...(await podTable(ctx, after ? [after] : [])),
    `lastState.terminated.reason: ${last?.reason ?? 'not yet'}${last?.exitCode !== undefined ? ` (exit code ${last.exitCode}: killed by signal 9)` : ''}`,
    'Killed and restarted in place, like the crash in lesson 6. A memory leak looks like this: RESTARTS climbing, OOMKilled each time.',
  ];
}

/** Each pod's CPU and memory from metrics-server, against its requests (100m, 128Mi); or why there are no numbers. */
export async function usageAgainstRequests(ctx: LessonContext): Promise<string[]> {
  // metrics.k8s.io serves PodMetrics at .../pods; listing it as kind Pod gives that path. No metrics API: said below.
  const metrics = await ctx.kube.list('metrics.k8s.io/v1beta1', 'Pod', { labelSelector: `app=${APP}` }).catch(() => undefined);
  if (!metrics) return ['metrics are not available on this cluster (no metrics-server), so `kubectl top` has nothing to show and there is nothing to compare. Lesson 9 says how to get it.'];
  if (metrics.length === 0) return ['metrics-server has no numbers for these pods yet (it samples every 15 s or so); try `kubectl top pods` in a minute.'];
  const rows = metrics.map((m) => {
    const usage = (m.containers as { usage?: { cpu?: string; memory?: string } }[] | undefined)?.[0]?.usage ?? {};
    const cpu = parseQuantity(usage.cpu) ?? 0;
    const memory = parseQuantity(usage.memory) ?? 0;
    return [m.metadata.name, millicores(cpu), `${Math.round((cpu / 0.1) * 100)}% of 100m`, mib(memory), `${Math.round((memory / (128 * 2 ** 20)) * 100)}% of 128Mi`];
  });
  return [...formatTable(['NAME', 'CPU', 'VS REQUEST', 'MEMORY', 'VS REQUEST'], rows), 'Idle pods use far less than they reserve; requests are a reservation, not a measurement. Size them from numbers like these.'];
}

/**
 * The scheduler has recorded why a Pending app pod has no node (its FailedScheduling event). The pod's
 * Unschedulable condition and the event are written separately, so the step that reads the event waits for it.
 */
export function schedulerSaidWhy(app: string): Check {
  const name = `the scheduler recorded why a ${app} pod waits (FailedScheduling)`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }, { apiVersion: 'v1', kind: 'Event' }],
    async evaluate(ctx) {
      const pending = (await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${app}` })).filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Pending');
      for (const pod of pending) {
        const [event] = await eventsAbout(ctx, { kind: 'Pod', name: pod.metadata.name }, { reason: 'FailedScheduling' });
        if (event) return pass(name, `pod ${pod.metadata.name}: ${String(event.message ?? 'FailedScheduling')}`);
      }
      return fail(name, `no FailedScheduling event yet for a Pending ${app} pod`, { fix: `kubectl get events --field-selector reason=FailedScheduling -n ${ctx.namespace}` });
    },
  };
}
