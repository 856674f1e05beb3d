import {
  about, act, APP, applyManifest, CHANGE_CAUSE_ANNOTATION, DEPLOYMENT, defineLesson, deploymentNeed, explain, features, fixByApplying,
  learnerTimeline, matches, namespaceNeed, replicasReady, rolloutStatus, rolloutUndo, tryIt, waitFor, watchForLearner, type LessonContext,
} from '../kit.js';
import { trafficLines } from './rollout.js';
import { historyTable, recreateUnderTraffic, restartLegend, restartUnderTraffic, ROLLING, rollOutVersion2UnderTraffic } from './steps.js';
import { learnerUndid } from './undo.js';

export const strategyAsInGuide = matches(
  DEPLOYMENT,
  { spec: { strategy: ROLLING } },
  { name: 'Deployment fastapi-k8s: RollingUpdate, maxSurge 1, maxUnavailable 0', ...fixByApplying('deployment-rolling.yaml') },
);

/** How the tutor reaches the app on this cluster, and whether a LoadBalancer address would too. */
async function wayIn(ctx: LessonContext): Promise<string> {
  const f = await features(ctx);
  return f.loadBalancer === 'yes'
    ? `On ${ctx.cluster.flavor} the LoadBalancer Service also answers on an outside address; the tutor uses the API server's proxy, which every cluster has.`
    : f.loadBalancer === 'maybe'
      ? `On this cluster (${ctx.cluster.flavor}) a LoadBalancer address depends on add-ons; the API server's proxy works on every cluster, so the tutor uses that.`
      : 'This cluster hands out no LoadBalancer addresses, so the tutor goes through the API server\'s proxy.';
}

export default defineLesson({
  ...about('rolling-updates'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'A rolling update swaps old pods for new ones a few at a time, so some pods serve traffic at every moment.',
      'Two knobs set the pace: maxSurge, how many pods may exist above the desired count during the update,',
      'and maxUnavailable, how many of the desired pods may be missing. 1 and 0: add one new pod, wait until it is',
      'Ready, then remove one old pod. Slower, but capacity never drops. {manifests}/deployment-rolling.yaml sets them,',
      'together with the probes from lesson 6, which tell Kubernetes when a new pod is really Ready.',
    ]),
    act({
      say: 'Applying {manifests}/deployment-rolling.yaml',
      kubectl: 'kubectl apply -f {manifests}/deployment-rolling.yaml -n {ns}',
      async run(ctx) {
        return applyManifest(ctx, 'deployment-rolling.yaml');
      },
    }),
    waitFor({ say: 'Waiting for the rollout to finish', until: [strategyAsInGuide, replicasReady(APP, 5)] }),
    explain(async (ctx) => [
      'First the guide\'s own way to roll out: `kubectl rollout restart`. It changes nothing but an annotation on the pod',
      'template (kubectl.kubernetes.io/restartedAt), which is enough to replace every pod, a few at a time.',
      'The guide edits main.py and runs `make docker-build` first, so that the restarted pods run a new image under the same',
      'tag. The tutor leaves that rebuild out: your copy of the app\'s sources sits next to {manifests}, in sample-app/, but',
      'getting a rebuilt image into this cluster\'s nodes depends on the cluster (Docker Desktop shares Docker\'s images; kind',
      'and minikube need `kind load` / `minikube image load`), and the restart is the part that is Kubernetes.',
      await wayIn(ctx),
    ]),
    act({
      say: 'Restarting the Deployment (a rollout with the same image)',
      kubectl: `kubectl rollout restart deployment ${APP} -n {ns}; kubectl annotate deployment ${APP} ${CHANGE_CAUSE_ANNOTATION}="rollout restart" -n {ns}`,
      async run(ctx) {
        ctx.ui.dim(await restartLegend(ctx));
        return [...trafficLines(await restartUnderTraffic(ctx)), 'Same version, new pods: the restart is a rollout like any other, and it is in the history below.'];
      },
    }),
    explain([
      'Now a new version, with the same steady requests to GET /version through the Service. APP_VERSION is what',
      '/version reports. Changing any part of the pod template starts a rollout; a new image tag would do the same.',
      'The kubernetes.io/change-cause annotation is what `kubectl rollout history` shows as CHANGE-CAUSE (else <none>).',
    ]),
    act({
      say: 'Rolling out version 2.0.0 under traffic',
      kubectl: `kubectl set env deployment/${APP} APP_VERSION=2.0.0 -n {ns}; kubectl annotate deployment ${APP} ${CHANGE_CAUSE_ANNOTATION}="APP_VERSION=2.0.0" -n {ns}`,
      async run(ctx) {
        ctx.ui.dim('each box is a Ready pod; [v2…] is a new pod not Ready yet');
        const measured = await rollOutVersion2UnderTraffic(ctx);
        return [
          ...trafficLines(measured),
          measured.report.failed === 0
            ? 'Zero failed requests: new pods got traffic only once Ready, and old ones finished their requests before exiting.'
            : `${measured.report.failed} failed. Readiness probes and a graceful shutdown are what bring this to zero.`,
        ];
      },
    }),
    act({
      say: 'What `kubectl rollout status` and `kubectl rollout history` say',
      kubectl: `kubectl rollout status deployment ${APP} -n {ns}; kubectl rollout history deployment ${APP} -n {ns}`,
      async run(ctx) {
        const d = await ctx.kube.get(DEPLOYMENT);
        return [d ? rolloutStatus(d).message : '', '', ...(await historyTable(ctx))];
      },
    }),
    explain([
      'Each revision is a ReplicaSet (the controller that keeps N identical pods, lesson 6) that the Deployment keeps,',
      'scaled to 0, so that it can go back. Undo scales the previous one up again, with the same rolling steps.',
    ]),
    act({ say: 'Watching pods, ReplicaSets, endpoints and events for your change', run: watchForLearner }),
    tryIt({
      task: 'In another terminal, undo the rollout with kubectl, then look at the history.',
      until: [learnerUndid],
      hints: [`kubectl rollout --help`, `kubectl rollout undo deployment ${APP} -n {ns}`, `kubectl rollout history deployment ${APP} -n {ns}`],
      kubectl: `kubectl rollout undo deployment ${APP} -n {ns}`,
      async doIt(ctx) {
        const restored = await rolloutUndo(ctx.kube, APP);
        // kubectl's undo also copies the old ReplicaSet's change-cause back to the Deployment; do the same.
        await ctx.kube.patch(DEPLOYMENT, { metadata: { annotations: { [CHANGE_CAUSE_ANNOTATION]: restored.changeCause ?? null } } }, 'merge');
      },
    }),
    act({
      say: 'What the cluster did after your undo',
      async run(ctx) {
        const shown = await learnerTimeline(ctx, (v) => v.pods === 5 && v.readyPods === 5 && v.endpoints === 5, { only: ['scaling', 'replicas', 'ready', 'deleted'], timeoutMs: 60_000 });
        return [...shown.lines, '', ...(await historyTable(ctx)), 'The undone-to revision came back under a new number; its old number is gone from the list.', 'Its CHANGE-CAUSE came back with it: the annotation lives on the ReplicaSet.'];
      },
    }),
    explain([
      'The other strategy is Recreate: stop every old pod first, then start the new ones. Simple, and there is a gap',
      'with nothing serving. Use it only when two versions must never run side by side (a database schema change',
      'that the old version cannot live with, say). Here is the gap, measured the same way, with a version not run before.',
    ]),
    act({
      say: 'Switching to Recreate and rolling out a version not run before, under the same traffic',
      sets: ['recreateVersion'],
      kubectl: `kubectl patch deployment ${APP} -n {ns} -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'; kubectl set env deployment/${APP} APP_VERSION={recreateVersion} -n {ns}`,
      async run(ctx) {
        const measured = await recreateUnderTraffic(ctx);
        return [...trafficLines(measured), `RollingUpdate lost ${String(ctx.facts.rollingFailed ?? '?')} of ${String(ctx.facts.rollingSent ?? '?')}; Recreate lost ${measured.report.failed} of ${measured.report.sent}.`];
      },
    }),
    act({
      say: 'Back to RollingUpdate (the pods stay as they are: the strategy is not part of the pod template)',
      kubectl: `kubectl patch deployment ${APP} -n {ns} -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}'`,
      async run(ctx) {
        await ctx.kube.patch(DEPLOYMENT, { spec: { strategy: ROLLING } }, 'merge');
        return historyTable(ctx);
      },
    }),
    waitFor({ say: 'Waiting for all 5 replicas to be ready', until: [strategyAsInGuide, replicasReady(APP, 5)] }),
  ],
  check: [strategyAsInGuide, learnerUndid, replicasReady(APP, 5)],
  hints: [`kubectl rollout history deployment/${APP} -n {ns}`, `kubectl rollout undo deployment/${APP} -n {ns}`, 'kubectl apply -f {manifests}/deployment-rolling.yaml -n {ns}'],
});
