import {
  APP, DEPLOYMENT, SERVICE, SERVICE_HEADER, age, appPods, eventTime, eventsAbout, formatTable, podTable, rolloutStatus, serviceRow,
  type KubeObject, type LessonContext,
} from '../kit.js';
import { externalSentence } from '../lib/reach.js';
import { TRACE_PATH, requestsSince } from './trace.js';

/**
 * The work behind lesson 4's steps: each function reads the cluster the way its kubectl line does and
 * returns the lines the learner sees. The words of the lesson stay in lesson.ts.
 */

interface PodFacts {
  spec?: { nodeName?: string };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
}

/** The parts of `kubectl describe pod` a beginner reads first: where it runs, its state, and its events. */
async function describePod(ctx: LessonContext, pod: KubeObject): Promise<string[]> {
  const p = pod as unknown as PodFacts;
  const events = await eventsAbout(ctx, { kind: 'Pod', name: pod.metadata.name });
  return [
    `Name:        ${pod.metadata.name}`,
    `Node:        ${p.spec?.nodeName ?? '<none>'}`,
    `Status:      ${p.status?.phase ?? '?'}`,
    `IP:          ${p.status?.podIP ?? '<none>'}`,
    `Conditions:  ${(p.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join('  ')}`,
    'Events:',
    ...formatTable(['  AGE', 'REASON', 'MESSAGE'], events.map((e) => {
      const x = e as unknown as { reason?: string; message?: string; lastTimestamp?: string; eventTime?: string };
      return [`  ${age(x.lastTimestamp ?? x.eventTime ?? e.metadata.creationTimestamp)}`, x.reason ?? '', (x.message ?? '').split('\n')[0]!.slice(0, 90)];
    })),
  ];
}

/** `kubectl rollout status`: the Deployment's rollout in one sentence. */
export async function showRolloutStatus(ctx: LessonContext): Promise<string[]> {
  const d = await ctx.kube.get(DEPLOYMENT);
  return d ? [rolloutStatus(d).message] : [];
}

/** `kubectl get pods`; picks the first pod as {pod} for the steps after it. */
export async function showPodsAndPickOne(ctx: LessonContext): Promise<string[]> {
  const pods = await appPods(ctx);
  ctx.vars.pod = pods[0]?.metadata.name ?? '<pod-name>';
  return podTable(ctx, pods);
}

/** `kubectl get svc`, and how the Service is reached from outside on this cluster. */
export async function showService(ctx: LessonContext): Promise<string[]> {
  const svc = await ctx.kube.get(SERVICE);
  return svc ? [...formatTable(SERVICE_HEADER, [serviceRow(svc)]), '', await externalSentence(ctx, svc)] : [`No Service ${APP}: apply lesson 3's file again.`];
}

/** The Service's EndpointSlices as a table: each ready pod's IP and port 8000. */
export async function showEndpoints(ctx: LessonContext): Promise<string[]> {
  const slices = await ctx.kube.list('discovery.k8s.io/v1', 'EndpointSlice', { labelSelector: `kubernetes.io/service-name=${APP}` });
  const rows = slices.flatMap((s) => ((s.endpoints as { addresses?: string[]; conditions?: { ready?: boolean }; targetRef?: { name?: string } }[] | undefined) ?? [])
    .map((e) => [(e.addresses ?? []).map((a) => `${a}:8000`).join(','), e.conditions?.ready === false ? 'no' : 'yes', e.targetRef?.name ?? '']));
  return formatTable(['ENDPOINT', 'READY', 'POD'], rows);
}

/** `kubectl describe pod {pod}`, in short. */
export async function describeChosenPod(ctx: LessonContext): Promise<string[]> {
  const pod = (await appPods(ctx)).find((p) => p.metadata.name === ctx.vars.pod);
  return pod ? describePod(ctx, pod) : [`pod ${ctx.vars.pod} is gone already`];
}

/** `kubectl logs {pod} --tail=5`. */
export async function showPodLog(ctx: LessonContext): Promise<string[]> {
  // A pod that went away meanwhile has no log to show: say so instead of failing the lesson.
  const log = await ctx.kube.logs(ctx.vars.pod ?? '', { tailLines: 5 }).catch(() => `(pod ${ctx.vars.pod} has no log to show now)`);
  return log.trimEnd().split('\n').filter(Boolean);
}

/** `kubectl logs -l app=… --prefix --tail=2`: every pod's last two lines, each prefixed with its pod. */
export async function showEveryPodsLog(ctx: LessonContext): Promise<string[]> {
  const lines: string[] = [];
  for (const pod of await appPods(ctx)) {
    // As above: a pod without a log yet simply adds no lines.
    const log = await ctx.kube.logs(pod.metadata.name, { tailLines: 2 }).catch(() => '');
    for (const line of log.trimEnd().split('\n').filter(Boolean)) lines.push(`[pod/${pod.metadata.name}/${APP}] ${line}`);
  }
  return lines;
}

/** `kubectl get events --sort-by=.lastTimestamp`: the namespace's last 8 events. */
export async function showRecentEvents(ctx: LessonContext): Promise<string[]> {
  const events = await ctx.kube.list('v1', 'Event');
  const rows = events
    .sort((a, b) => eventTime(a) - eventTime(b))
    .slice(-8)
    .map((event) => {
      const e = event as unknown as { reason?: string; message?: string; lastTimestamp?: string; eventTime?: string; involvedObject?: { kind?: string; name?: string } };
      return [age(e.lastTimestamp ?? e.eventTime ?? event.metadata.creationTimestamp), e.reason ?? '', `${e.involvedObject?.kind?.toLowerCase()}/${e.involvedObject?.name}`, (e.message ?? '').split('\n')[0]!.slice(0, 70)];
    });
  return formatTable(['AGE', 'REASON', 'OBJECT', 'MESSAGE'], rows);
}

/** GET / through the Service, via the API server's proxy. */
export async function callThroughService(ctx: LessonContext): Promise<string[]> {
  const answer = await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, '/');
  return [`HTTP ${answer.status}: ${answer.body.trim()}`];
}

/** "Do it for me" of the try-it: the learner's GET /info, sent through the API server's pod proxy. */
export async function requestInfoFromPod(ctx: LessonContext): Promise<void> {
  // The tutor cannot open a shell for you: it sends the same request through the API server's pod proxy.
  const pod = ctx.vars.pod ?? (await appPods(ctx))[0]?.metadata.name ?? '';
  const answer = await ctx.kube.proxy({ kind: 'pod', name: pod, port: 8000 }, TRACE_PATH);
  ctx.ui.dim(`HTTP ${answer.status}: ${answer.body.trim()}`);
}

/** The GET /info lines the pods logged in the last ten minutes. */
export async function showLoggedRequest(ctx: LessonContext): Promise<string[]> {
  const since = new Date(Date.now() - 10 * 60_000).toISOString();
  const found = await requestsSince(ctx, TRACE_PATH, since);
  if (found.length === 0) return [`No pod has logged a GET ${TRACE_PATH} yet: the step above is still yours to do (k8s-tutor check deploying-and-verifying tells when it is done).`];
  return found.map(({ pod, request }) => `[pod/${pod}] ${request.time} ${request.method} ${request.path} → ${request.status}`);
}
