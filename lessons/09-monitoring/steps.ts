import { age, APP, appContainer, appPods, DEPLOYMENT, eventsAbout, eventTime, followLogs, type LessonContext, type PodStatus } from '../kit.js';
import { PATH } from './request-logged.js';

/**
 * The work behind lesson 9's steps: each function reads the cluster the way its kubectl line does.
 * The words around what they find stay in lesson.ts.
 */

/** `kubectl logs {pod} --tail=3`, of the first app pod, which becomes {pod} for the steps after it. */
export async function pickPodAndReadItsLog(ctx: LessonContext): Promise<string[]> {
  const [pod] = await appPods(ctx);
  ctx.vars.pod = pod?.metadata.name ?? '';
  const log = await ctx.kube.logs(ctx.vars.pod, { tailLines: 3 });
  return log.trimEnd().split('\n').filter(Boolean);
}

/** `kubectl logs -l app=… --prefix --tail=1`: one line per replica, each prefixed with its pod. */
export async function lastLineOfEachReplica(ctx: LessonContext): Promise<string[]> {
  const pods = await appPods(ctx);
  const lines: string[] = [];
  for (const pod of pods) {
    const last = (await ctx.kube.logs(pod.metadata.name, { tailLines: 1 })).trim();
    lines.push(`[pod/${pod.metadata.name}] ${last.slice(0, 110)}`);
  }
  ctx.facts.logsReadFrom = pods.map((p) => p.metadata.name);
  return lines;
}

/**
 * `kubectl logs -l app=… -f` for 6 seconds while 6 requests go through the Service: the first 10 new
 * lines (and how many more), and how many lines came in all.
 */
export async function followLogsWhileRequesting(ctx: LessonContext): Promise<{ lines: string[]; count: number }> {
  const pods = (await appPods(ctx)).map((p) => p.metadata.name);
  const lines: string[] = [];
  const count = await followLogs(ctx.kube, pods, {
    seconds: 6,
    signal: ctx.signal,
    async onStart() {
      // A request that fails only means one line fewer to show; the follow goes on.
      for (let i = 0; i < 6; i++) await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, '/').catch(() => undefined);
    },
  }, (line) => lines.push(line.slice(0, 140)));
  return { lines: [...lines.slice(0, 10), ...(lines.length > 10 ? [`… ${lines.length - 10} more`] : [])], count };
}

/** "Do it for me" of the try-it: GET /version through the Service, asked again while a going pod answers 5xx. */
export async function sendVersionRequest(ctx: LessonContext): Promise<void> {
  // The Service picks a pod per request; one that is going away answers 503 through the proxy: ask again, as you would.
  let answer = await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, PATH);
  for (let tries = 1; tries < 5 && answer.status >= 500; tries++) answer = await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, PATH);
  ctx.ui.dim(`HTTP ${answer.status}: ${answer.body.trim().slice(0, 100)}`);
}

/** The last 6 events about {pod}, as AGE, TYPE, REASON, MESSAGE rows. */
export async function eventRowsOfChosenPod(ctx: LessonContext): Promise<string[][]> {
  const events = await eventsAbout(ctx, { kind: 'Pod', name: ctx.vars.pod ?? '' });
  return events.slice(-6).map((e) => [age(new Date(eventTime(e)).toISOString()), String(e.type ?? ''), String(e.reason ?? ''), String(e.message ?? '').split('\n')[0]!.slice(0, 70)]);
}

/** What `kubectl describe pod {pod}` gathers: node and IP, conditions, state, last state, restarts, the liveness probe. */
export async function describeChosenPod(ctx: LessonContext): Promise<string[]> {
  const pod = await ctx.kube.get({ apiVersion: 'v1', kind: 'Pod', name: ctx.vars.pod ?? '' });
  const status = pod?.status as (PodStatus & { startTime?: string }) | undefined;
  const c = status?.containerStatuses?.[0];
  const probe = (appContainer(await ctx.kube.get(DEPLOYMENT)) as { livenessProbe?: { httpGet?: { path?: string; port?: number }; periodSeconds?: number; failureThreshold?: number } } | undefined)?.livenessProbe;
  const last = c?.lastState?.terminated;
  return [
    `Node:        ${String((pod?.spec as { nodeName?: string } | undefined)?.nodeName ?? '?')}    IP: ${status?.podIP ?? '?'}`,
    `Conditions:  ${(status?.conditions ?? []).map((x) => `${x.type}=${x.status}`).join('  ')}`,
    `State:       ${c?.state?.running ? `Running since ${c.state.running.startedAt}` : JSON.stringify(c?.state ?? {})}`,
    `Last State:  ${last ? `Terminated (${last.reason}, exit ${last.exitCode})` : 'none: it never crashed'}`,
    `Restarts:    ${c?.restartCount ?? 0}`,
    `Liveness:    http-get :${probe?.httpGet?.port}${probe?.httpGet?.path} every ${probe?.periodSeconds ?? 10}s, restart after ${probe?.failureThreshold ?? 3} failures`,
  ];
}
