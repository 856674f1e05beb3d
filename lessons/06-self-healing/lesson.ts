import {
  about, act, APP, appPods, DEPLOYMENT, defineLesson, deploymentNeed, eventsAbout, explain, learnerTimeline, namespaceNeed,
  podTable, replicasReady, restartsOf, seconds, timelineOf, tryIt, applyStep, waitFor, watchForLearner, appContainer, drainCommand,
  cordon, drainAndRestore, evictOurs, uncordon, uncordonOurs,
  type KubeObject, type LessonContext,
} from '../kit.js';
import { learnerDeletedPod } from './deleted.js';
import { busiestNode, cordonedNodes, drainApplies, learnerDrainedNode, nodesSchedulable } from './drained.js';
import { probePath, probesOnAppPort, type ProbedContainer } from '../lib/checks/probes.js';

async function desired(ctx: LessonContext): Promise<number> {
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

export default defineLesson({
  ...about('self-healing'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    waitFor({ say: 'Waiting for all replicas to be ready', until: [replicasReady(APP)] }),
    explain(async (ctx) => [
      `You declared the desired state: ${await desired(ctx)} copies. The actual state is what runs right now.`,
      'Controllers compare the two, over and over, and act on any difference. Watch one do it.',
    ]),
    act({
      say: 'Deleting one pod',
      sets: ['pod'],
      kubectl: 'kubectl delete pod {pod} -n {ns}',
      async run(ctx) {
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
      },
    }),
    explain([
      'The chain: the Deployment does not manage pods itself. It owns a ReplicaSet, a controller whose only job is',
      'to keep N pods with its labels in existence (lesson 7 shows why Deployments keep one ReplicaSet per version).',
      'That ReplicaSet saw one pod fewer than it wants and created one; the scheduler gave it a node; the kubelet',
      'there started it; once Ready, the Service added it to its endpoints.',
      'The same loop covers crashed containers and failed nodes. The replacement is a new pod: new name, new UID.',
    ]),
    // The node part comes before the learner's delete: its evictions replace pods through the same
    // ReplicaSet, so after the delete's baseline they would pass for the learner's delete.
    act({
      say: 'And when a whole node fails?',
      async run(ctx) {
        const applies = await drainApplies(ctx);
        const drain = drainCommand('<node>');
        if (applies !== true) {
          return [
            `Not shown here: ${applies}.`,
            'On a cluster of several nodes, the pods of a lost node are re-created on the others by the same loop you just saw.',
            `\`${drain}\` rehearses it: it cordons the node (no new pods go there) and evicts its pods, and their ReplicaSets`,
            're-create them elsewhere; `kubectl uncordon <node>` makes it schedulable again.',
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
      },
    }),
    tryIt({
      task: `Now you: drain the node that runs the most ${APP} pods (the NODE column of \`kubectl get pods -o wide\`), and watch its pods come back on the others. Leave it cordoned for now.`,
      applies: drainApplies,
      until: [learnerDrainedNode],
      hints: [
        `kubectl get pods -l app=${APP} -o wide -n {ns}`,
        drainCommand('<node>'),
        'If kubectl drain refuses pods that "declare no controller", those are bare pods nothing would re-create: delete them, or add --force.',
      ],
      kubectl: drainCommand('{drainNode}'),
      sets: ['drainNode'],
      async doIt(ctx) {
        const node = await busiestNode(ctx);
        if (!node) return;
        ctx.vars.drainNode = node;
        // Left cordoned (with the tutor's mark, which `reset` undoes) until the uncordon step, as the learner's own drain is.
        if (await cordon(ctx.kube, node)) await evictOurs(ctx.kube, node);
      },
    }),
    act({
      say: 'Where the pods went',
      sets: ['drainNode'],
      async run(ctx) {
        if ((await drainApplies(ctx)) !== true) return [];
        const [cordoned] = await cordonedNodes(ctx);
        if (cordoned) ctx.vars.drainNode = cordoned;
        return [
          ...(await podTable(ctx, await appPods(ctx))),
          cordoned ? `${cordoned} is cordoned (\`kubectl get nodes\` says SchedulingDisabled), and no ${APP} pod runs there.` : 'No node is cordoned any more.',
        ];
      },
    }),
    tryIt({
      task: 'Give the node back: uncordon it, so that new pods may go there again (the running ones stay where they are).',
      applies: drainApplies,
      until: [nodesSchedulable],
      hints: ['kubectl get nodes   (SchedulingDisabled marks a cordoned node)', 'kubectl uncordon {drainNode}'],
      kubectl: 'kubectl uncordon {drainNode}',
      async doIt(ctx) {
        for (const node of await cordonedNodes(ctx)) if (node === ctx.vars.drainNode) await uncordon(ctx.kube, node);
        await uncordonOurs(ctx.kube);
      },
    }),
    act({
      say: 'Watching pods, ReplicaSets, endpoints and events for your change',
      async run(ctx) {
        await watchForLearner(ctx);
      },
    }),
    tryIt({
      task: `In another terminal, list the ${APP} pods, delete any one of them with kubectl, and list them again.`,
      until: [learnerDeletedPod],
      hints: [`kubectl get pods -l app=${APP} -n {ns}`, 'kubectl delete pod <one of the names> -n {ns}'],
      kubectl: 'kubectl delete pod {pod} -n {ns}',
      sets: ['pod'],
      async doIt(ctx) {
        const [victim] = await appPods(ctx, { order: 'name' });
        if (!victim) return;
        ctx.vars.pod = victim.metadata.name;
        await ctx.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: victim.metadata.name });
      },
    }),
    act({
      say: 'What the cluster did after your delete',
      async run(ctx) {
        const n = await desired(ctx);
        const shown = await learnerTimeline(ctx, healed(n));
        return [...shown.lines, ...(shown.settled ? [`Healed in ${seconds(shown.tookMs)}.`] : [])];
      },
    }),
    act({
      say: 'And the list again, as `kubectl get pods` shows it',
      kubectl: `kubectl get pods -l app=${APP} -n {ns}`,
      async run(ctx) {
        return [...(await podTable(ctx, await appPods(ctx))), `${await desired(ctx)} pods again: the youngest AGE is the replacement, under a new name.`];
      },
    }),
    explain([
      'A pod is not always replaced. When the container process dies, the kubelet restarts it in place:',
      'same pod, same name, RESTARTS goes up. The sample app exits on POST /crash.',
    ]),
    act({
      say: 'Crashing the app in one pod (POST /crash)',
      sets: ['crashPod'],
      kubectl: 'kubectl port-forward pod/{crashPod} 8000 -n {ns} &  curl -X POST localhost:8000/crash',
      async run(ctx) {
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
      },
    }),
    explain([
      'Running is not the same as healthy. Probes let the kubelet ask the app itself:',
      '- liveness ("are you alive?"): when it keeps failing, the kubelet restarts the container.',
      '- readiness ("can you take traffic?"): when it fails, the pod leaves the Service\'s endpoints, but is not restarted.',
      'The guide\'s example asks GET / on port 8000 for both. {manifests}/deployment-probes.yaml is more precise:',
      'liveness GET /health every 10 s, readiness GET /ready every 2 s. Either passes this lesson\'s check.',
    ]),
    applyStep('deployment-probes.yaml', {
      task: 'Add the probes: apply {manifests}/deployment-probes.yaml with kubectl (or add the guide\'s livenessProbe and readinessProbe to your own Deployment and apply that).',
      until: [probesOnAppPort, replicasReady(APP, 5)],
      hints: ['kubectl apply -f <file> -n {ns}', 'kubectl apply -f {manifests}/deployment-probes.yaml -n {ns}'],
    }),
    act({
      say: 'Making the liveness probe fail in one pod (POST /health/disable: GET /health answers 503 from now on)',
      sets: ['livePod'],
      kubectl: 'kubectl port-forward pod/{livePod} 8000 -n {ns} &  curl -X POST localhost:8000/health/disable',
      async run(ctx) {
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
          ...unhealthy.slice(-3).map((e) => `  ${String(e.reason)}  ${String(e.message ?? '').split('\n')[0]!.slice(0, 100)}  (×${String((e as { count?: number }).count ?? 1)})`),
          ...(await podTable(ctx, after ? [after] : [])),
          `RESTARTS ${restartsBefore} → ${restartsOf(after)}: three failed liveness probes in a row, and the kubelet restarted the container.`,
          'The new process answers /health again, so it stays up. An app that hangs without exiting looks like this, and gets the same cure.',
        ];
      },
    }),
    act({
      say: 'Now readiness: turning it off in one pod (POST /ready/disable)',
      sets: ['readyPod'],
      kubectl: 'kubectl port-forward pod/{readyPod} 8000 -n {ns} &  curl -X POST localhost:8000/ready/disable',
      async run(ctx) {
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
      },
    }),
    act({
      say: 'And back on (POST /ready/enable)',
      kubectl: 'curl -X POST localhost:8000/ready/enable   # through the same port-forward',
      async run(ctx) {
        const name = ctx.vars.readyPod;
        if (!name) return [];
        const n = await desired(ctx);
        const shown = await timelineOf(ctx, () => postToPod(ctx, name, '/ready/enable'), (v) => v.endpoints >= n, { timeoutMs: 30_000 });
        return shown.lines;
      },
    }),
    waitFor({ say: 'Waiting for all 5 replicas to be ready', until: [replicasReady(APP, 5)] }),
  ],
  check: [probesOnAppPort, replicasReady(APP), learnerDeletedPod, learnerDrainedNode, nodesSchedulable],
  hints: [
    'kubectl apply -f {manifests}/deployment-probes.yaml -n {ns}',
    `kubectl delete pod <name> -n {ns}   (kubectl get pods -l app=${APP} -n {ns} lists them)`,
    `${drainCommand('<node>')}, then kubectl uncordon <node>   (on a cluster of several nodes)`,
  ],
});

