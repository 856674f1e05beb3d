import {
  APP, DEPLOYMENT, SERVICE, act, appPods, clipAtWord, eventsAbout, podTable, rolloutUndo, type ActStep, type KubeObject, type LessonContext,
} from '../kit.js';
import { podShowing } from '../lib/checks/symptoms.js';

/**
 * The work behind lesson 14's steps: the tutor's breakages and the learner's fixes as changes to the
 * cluster, and what each look at the cluster shows. The words of the lesson stay in lesson.ts.
 */

/** Changes the app's container in the Deployment's template (a strategic merge by the container's name). */
export function changeContainer(change: Record<string, unknown>): (ctx: LessonContext) => Promise<void> {
  return async (ctx) => {
    await ctx.kube.patch(DEPLOYMENT, { spec: { template: { spec: { containers: [{ name: APP, ...change }] } } } }, 'strategic');
  };
}

/** Changes the app's Service spec (a strategic merge). */
export function changeService(spec: Record<string, unknown>): (ctx: LessonContext) => Promise<void> {
  return async (ctx) => {
    await ctx.kube.patch(SERVICE, { spec }, 'strategic');
  };
}

/** `kubectl rollout undo`: the Deployment's previous template. */
export async function undoRollout(ctx: LessonContext): Promise<void> {
  await rolloutUndo(ctx.kube, APP);
}

/** Which of the symptoms the pod picked as {pod} showed when it was picked. */
const pickedShowed = new WeakMap<LessonContext, string[]>();

/** Picks, as {pod}, the newest pod that shows the symptom (a ContainerCreating bystander has nothing to tell), or any pod. */
function pick(pods: KubeObject[], symptom: string[]): string {
  return (podShowing([...pods].reverse(), symptom) ?? pods[0])?.metadata.name ?? '';
}

/** `kubectl get pods`, with a NODE column on several nodes; sets {pod} to a pod that shows the symptom. */
export function lookAtPods(symptom: string[] = []): ActStep {
  return act({
    say: 'What kubectl get pods shows',
    kubectl: 'kubectl get pods -n {ns}',
    sets: ['pod'],
    async run(ctx) {
      const pods = await appPods(ctx);
      ctx.vars.pod = pick(pods, symptom);
      const picked = pods.find((p) => p.metadata.name === ctx.vars.pod);
      pickedShowed.set(ctx, picked ? symptom.filter((s) => podShowing([picked], [s])) : []);
      return podTable(ctx, pods);
    },
  });
}

/** The Events at the bottom of `kubectl describe pod {pod}`. */
export async function podEvents(ctx: LessonContext): Promise<string[]> {
  const events = await eventsAbout(ctx, { kind: 'Pod', name: ctx.vars.pod ?? '' });
  return events.slice(-3).map((e) => `  ${String(e.type)}  ${String(e.reason)}: ${clipAtWord(String(e.message ?? '').split('\n')[0]!, 110)}`);
}

/** What the Deployment's rolling update allows while the new pods cannot start, in its own numbers. */
export async function rolloutSafety(ctx: LessonContext): Promise<string[]> {
  const spec = (await ctx.kube.get(DEPLOYMENT))?.spec as { replicas?: number; strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: string | number; maxSurge?: string | number } } } | undefined;
  const replicas = spec?.replicas ?? 1;
  const unavailable = spec?.strategy?.rollingUpdate?.maxUnavailable ?? '25%';
  const allowed = typeof unavailable === 'number' ? unavailable : /%$/.test(unavailable) ? Math.floor((replicas * parseInt(unavailable, 10)) / 100) : Number(unavailable);
  const ready = (await appPods(ctx)).filter((p) => (p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  return [
    'ErrImageNeverPull: the pod may not pull (imagePullPolicy: Never) and the node has no such image.',
    'With a registry you would see ErrImagePull, then ImagePullBackOff.',
    allowed === 0
      ? `The old pods keep serving meanwhile: this Deployment's maxUnavailable is 0, so the rollout removes no old pod before a new one is ready (${ready} ready now).`
      : `Meanwhile the rollout may take down up to ${allowed} old pod(s) before any new one is ready (maxUnavailable ${String(unavailable)} of ${replicas}); the rest keep serving: ${ready} ready now.`,
  ];
}

/**
 * `kubectl logs {pod} --previous`: the last lines of the container that crashed. When the pod picked
 * showed one of `noImage` (challenge 1 left unfixed), there is no container to crash, and it says so.
 */
export function crashLog(noImage: string[]): (ctx: LessonContext) => Promise<string[]> {
  return async (ctx) => {
    const pod = ctx.vars.pod ?? '';
    if (pickedShowed.get(ctx)?.some((s) => noImage.includes(s))) return [`Pod ${pod} has no image to run (challenge 1 is not fixed), so it cannot crash: fix the image first.`];
    // Right after the first crash there may be no "previous" container yet: the dead one is still the current one.
    const usable = (text: string) => text.trim() !== '' && !text.startsWith('unable to retrieve');
    // No log to fetch (no previous container, or the pod went away) reads as empty, and the current log is tried next.
    const previous = await ctx.kube.logs(pod, { previous: true, tailLines: 3 }).catch(() => '');
    const current = usable(previous) ? previous : await ctx.kube.logs(pod, { tailLines: 3 }).catch(() => '');
    return [...current.trim().split('\n').filter(Boolean), '', '--previous shows the container that died, not the one starting now. The app says why it exits.'];
  };
}

/** The Service's empty endpoints beside its selector and the pods' labels: why running pods get no traffic. */
export async function selectorMismatch(ctx: LessonContext): Promise<string[]> {
  const svc = await ctx.kube.get(SERVICE);
  const pods = await appPods(ctx);
  return [
    `Endpoints:        <none>     (kubectl get endpoints; newer kubectl suggests kubectl get endpointslices, same answer)`,
    `Service selector: ${JSON.stringify((svc?.spec as { selector?: unknown } | undefined)?.selector)}     (the Selector line of kubectl describe svc)`,
    ...pods.slice(0, 2).map((p) => `Pod ${p.metadata.name} LABELS: ${Object.entries(p.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')}`),
    'Running pods, no traffic: the selector matches no pod\'s labels.',
  ];
}

/** A request through the Service, answered or refused, beside its port and targetPort: the port the app does not listen on. */
export async function targetPortAnswer(ctx: LessonContext): Promise<string[]> {
  // A refused connection is the symptom itself: it is shown, not thrown.
  const answer = await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, '/').catch((e: unknown) => ({ status: 0, body: String(e) }));
  const svc = await ctx.kube.get(SERVICE);
  const port = ((svc?.spec as { ports?: { port: number; targetPort: unknown }[] } | undefined)?.ports ?? [])[0];
  return [
    `HTTP ${answer.status || 'error'}: ${answer.body.trim().split('\n')[0]!.slice(0, 100)}`,
    `Service port ${port?.port} → targetPort ${String(port?.targetPort)}, but the container listens on 8000 (containerPort 8000).`,
    `From inside a pod you could ask the app directly: kubectl exec -it ${ctx.vars.pod ?? '<pod>'} -n ${ctx.namespace} -- sh, then wget -qO- localhost:8000/`,
    '(the tutor cannot type into an interactive shell for you; try it in your terminal, `exit` leaves).',
  ];
}
