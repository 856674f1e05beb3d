import {
  APP, appPods, clipAtWord, DEPLOYMENT, eventsAbout, podTable, restartsOf, seconds, timelineOf, learnerTimeline, appContainer, drainCommand,
  cordon, drainAndRestore, evictOurs, uncordon, uncordonOurs,
  type KubeObject, type LessonContext,
} from '../kit.js';
import { busiestNode, cordonedNodes, drainApplies } from './drained.js';
import { probePath, type ProbedContainer } from '../lib/checks/probes.js';

/** The work of lesson 6's steps: the cluster calls and timelines behind the words in lesson.ts. */

/** The replicas the Deployment asks for (1 when unset). */
export async function desired(ctx: LessonContext): Promise<number> {
  const d = await ctx.kube.get(DEPLOYMENT);
  return (d?.spec as { replicas?: number } | undefined)?.replicas ?? 1;
}

const shortUid = (pod: KubeObject | undefined) => (pod?.metadata.uid ?? '?').slice(0, 8);

/** Healed: a new pod is Ready, all N are Ready and in the endpoints, and the deleted one is gone. */
const healed = (n: number) => (v: { newReadyPods: number; readyPods: number; endpoints: number; gone: number }) => v.newReadyPods >= 1 && v.readyPods >= n && v.endpoints >= n && v.gone >= 1;

/** The paths the Deployment's probes ask now (the learner may have typed the guide's `/`). */
async function probePaths(ctx: LessonContext): Promise<{ liveness?: string; readiness?: string }> {
  const container = appContainer(await ctx.kube.get(DEPLOYMENT)) as ProbedContainer | undefined;
  return { liveness: probePath(container?.livenessProbe), readiness: probePath(container?.readinessProbe) };
}

/** POST to one pod's app through the API server's pod proxy. */
async function postToPod(ctx: LessonContext, pod: string, path: string): Promise<void> {
  await ctx.kube.proxy({ kind: 'pod', name: pod, port: 8000 }, path, 'POST');
}

/** The tutor deletes the first pod by name (sets {pod}) and shows the timeline until the ReplicaSet has healed. */
export async function deleteOnePodWithTimeline(ctx: LessonContext): Promise<string[]> {
  const n = await desired(ctx);
  const before = await appPods(ctx, { order: 'name' });
  const victim = before[0];
  if (!victim) return ['no running pod to delete'];
  ctx.vars.pod = victim.metadata.name;
  const known = new Set(before.map((p) => p.metadata.uid));
  const shown = await timelineOf(ctx, async () => void (await ctx.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: victim.metadata.name })), healed(n), { zero: 'first' });
  const fresh = (await appPods(ctx)).find((p) => !known.has(p.metadata.uid));
  return [
    ...shown.lines,
    '',
    `deleted   ${victim.metadata.name}  uid ${shortUid(victim)}…`,
    `replaced  ${fresh?.metadata.name ?? '(not yet)'}  uid ${shortUid(fresh)}…`,
    shown.settled ? `${n}/${n} ready again after ${seconds(shown.tookMs)}, and nobody asked for it.` : 'Not settled yet; `kubectl get pods -n {ns}` shows where it is.',
  ];
}

/**
 * The tutor drains the node that runs the most app pods and uncordons it afterwards, with the timeline
 * and the pods' table; on a cluster where no drain is asked, says why and what a drain would do.
 */
export async function drainBusiestNode(ctx: LessonContext): Promise<string[]> {
  const applies = await drainApplies(ctx);
  const drain = drainCommand('NODE_NAME');
  // Why not is said once, by the try-it step that follows (the runner prints its `applies`).
  if (applies !== true) {
    return [
      'On a cluster of several nodes, the pods of a lost node are re-created on the others by the same loop you just saw.',
      `\`${drain}\` rehearses it: it cordons the node (no new pods go there) and evicts its pods, and their ReplicaSets`,
      're-create them elsewhere; `kubectl uncordon NODE_NAME` makes it schedulable again.',
    ];
  }
  const node = await busiestNode(ctx);
  if (!node) return [`No ${APP} pod runs on a node that takes pods, so there is nothing to drain: \`kubectl get pods -o wide -n {ns}\` shows where they are.`];
  const n = await desired(ctx);
  let evicted: string[] = [];
  // drainAndRestore uncordons the node afterwards whatever happens, Ctrl-C included; `reset` is the last resort.
  const { shown, table } = await drainAndRestore(ctx.kube, node, ctx.signal, async (evict) => {
    const shown = await timelineOf(ctx, async () => void (evicted = await evict()), (v) => v.gone >= evicted.length && v.newReadyPods >= evicted.length && v.readyPods >= n);
    return { shown, table: await podTable(ctx, await appPods(ctx)) };
  });
  return [
    `Draining ${node}, as \`${drainCommand(node)}\` would (the tutor evicts only the pods of {ns}; kubectl drain evicts every namespace's):`,
    ...shown.lines,
    '',
    ...table,
    `${evicted.length} pod(s) evicted from ${node}, re-created on the other nodes${shown.settled ? ` and Ready in ${seconds(shown.tookMs)}` : ''}; none run on ${node} now.`,
    `Then \`kubectl uncordon ${node}\`: it takes new pods again. Pods do not move back by themselves; new ones may land there.`,
  ];
}

/** "Do it for me" of the learner's drain: cordons the busiest node (sets {drainNode}) and evicts its pods, and leaves it cordoned. */
export async function drainAndLeaveCordoned(ctx: LessonContext): Promise<void> {
  const node = await busiestNode(ctx);
  if (!node) return;
  ctx.vars.drainNode = node;
  // Left cordoned (with the tutor's mark, which `reset` undoes) until the uncordon step, as the learner's own drain is.
  if (await cordon(ctx.kube, node)) await evictOurs(ctx.kube, node);
}

/** The pods' table after the learner's drain, and which node is cordoned (sets {drainNode} to it). */
export async function wherePodsWent(ctx: LessonContext): Promise<string[]> {
  if ((await drainApplies(ctx)) !== true) return [];
  const [cordoned] = await cordonedNodes(ctx);
  if (cordoned) ctx.vars.drainNode = cordoned;
  return [
    ...(await podTable(ctx, await appPods(ctx))),
    cordoned ? `${cordoned} is cordoned (\`kubectl get nodes\` says SchedulingDisabled), and no ${APP} pod runs there.` : 'No node is cordoned any more.',
  ];
}

/** "Do it for me" of the uncordon: the drained node, and any node the tutor cordoned. */
export async function uncordonDrainedNode(ctx: LessonContext): Promise<void> {
  for (const node of await cordonedNodes(ctx)) if (node === ctx.vars.drainNode) await uncordon(ctx.kube, node);
  await uncordonOurs(ctx.kube);
}

/** "Do it for me" of the learner's delete: the first pod by name (sets {pod}). */
export async function deleteFirstPod(ctx: LessonContext): Promise<void> {
  const [victim] = await appPods(ctx, { order: 'name' });
  if (!victim) return;
  ctx.vars.pod = victim.metadata.name;
  await ctx.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: victim.metadata.name });
}

/** The timeline recorded across the learner's delete, until the ReplicaSet has healed. */
export async function timelineOfLearnerDelete(ctx: LessonContext): Promise<string[]> {
  const n = await desired(ctx);
  const shown = await learnerTimeline(ctx, healed(n));
  return [...shown.lines, ...(shown.settled ? [`Healed in ${seconds(shown.tookMs)}.`] : [])];
}

/** POST /crash to the first pod by name (sets {crashPod}), and the timeline until its container has restarted. */
export async function crashOnePod(ctx: LessonContext): Promise<string[]> {
  const n = await desired(ctx);
  const [pod] = await appPods(ctx, { order: 'name' });
  if (!pod) return ['no running pod'];
  const name = pod.metadata.name;
  ctx.vars.crashPod = name;
  const restartsBefore = restartsOf(pod);
  const shown = await timelineOf(
    ctx,
    // The app exits while answering, so the request itself may fail: the restart is what counts.
    async () => void (await postToPod(ctx, name, '/crash').catch(() => undefined)),
    (v) => (v.restarts[name] ?? 0) > restartsBefore && v.readyPods >= n,
  );
  const after = (await appPods(ctx)).find((p) => p.metadata.name === name);
  return [...shown.lines, '', ...(await podTable(ctx, after ? [after] : [])), `Same pod, same name: the container was restarted, not the pod replaced.`];
}

/**
 * POST /health/disable to the first pod by name (sets {livePod}), when the liveness probe asks /health:
 * the timeline until the kubelet restarted its container, its Unhealthy events and its row.
 */
export async function failLivenessInOnePod(ctx: LessonContext): Promise<string[]> {
  const { liveness } = await probePaths(ctx);
  if (liveness !== '/health') {
    return [`Your liveness probe asks ${liveness ?? 'a TCP connection'}, not /health, so POST /health/disable would not make it fail; nothing to show here.`, 'With {manifests}/deployment-probes.yaml it asks /health, and the kubelet restarts the container after 3 failed probes.'];
  }
  const n = await desired(ctx);
  const [pod] = await appPods(ctx, { order: 'name' });
  if (!pod) return ['no running pod'];
  const name = pod.metadata.name;
  ctx.vars.livePod = name;
  const restartsBefore = restartsOf(pod);
  const shown = await timelineOf(ctx, () => postToPod(ctx, name, '/health/disable'), (v) => (v.restarts[name] ?? 0) > restartsBefore && v.readyPods >= n, { timeoutMs: 90_000 });
  const after = (await appPods(ctx)).find((p) => p.metadata.name === name);
  const unhealthy = await eventsAbout(ctx, { kind: 'Pod', name }, { type: 'Warning', reason: 'Unhealthy' });
  return [
    ...shown.lines,
    '',
    'Its Unhealthy events (kubectl get events --field-selector involvedObject.name={livePod} -n {ns}):',
    ...unhealthy.slice(-3).map((e) => `  ${String(e.reason)}  ${clipAtWord(String(e.message ?? '').split('\n')[0]!, 100)}  (×${String((e as { count?: number }).count ?? 1)})`),
    ...(await podTable(ctx, after ? [after] : [])),
    `RESTARTS ${restartsBefore} → ${restartsOf(after)}: three failed liveness probes in a row, and the kubelet restarted the container.`,
    'The new process answers /health again, so it stays up. An app that hangs without exiting looks like this, and gets the same cure.',
  ];
}

/** POST /ready/disable to the first pod by name (sets {readyPod}), when the readiness probe asks /ready: the timeline until it left the endpoints. */
export async function turnReadinessOff(ctx: LessonContext): Promise<string[]> {
  const { readiness } = await probePaths(ctx);
  if (readiness !== '/ready') {
    return [`Your readiness probe asks ${readiness ?? 'a TCP connection'}, not /ready, so POST /ready/disable would not make it fail; nothing to show here.`];
  }
  const n = await desired(ctx);
  const [pod] = await appPods(ctx, { order: 'name' });
  if (!pod) return ['no running pod'];
  const name = pod.metadata.name;
  ctx.vars.readyPod = name;
  const shown = await timelineOf(ctx, () => postToPod(ctx, name, '/ready/disable'), (v) => v.notReady.includes(name) && v.endpoints === n - 1, { timeoutMs: 30_000 });
  const after = (await appPods(ctx)).find((p) => p.metadata.name === name);
  return [...shown.lines, '', ...(await podTable(ctx, after ? [after] : [])), `Out of the endpoints (${n - 1} left), READY 0/1, and not restarted: readiness only steers traffic.`];
}

/** POST /ready/enable to the pod whose readiness was turned off ({readyPod}), and the timeline until it is back in the endpoints. */
export async function turnReadinessBackOn(ctx: LessonContext): Promise<string[]> {
  const name = ctx.vars.readyPod;
  if (!name) return [];
  const n = await desired(ctx);
  const shown = await timelineOf(ctx, () => postToPod(ctx, name, '/ready/enable'), (v) => v.endpoints >= n, { timeoutMs: 30_000 });
  return shown.lines;
}
