import { learnerManifest } from '../../src/course/workdir.js';
import { about } from '../catalog.js';
import { matches } from '../../src/checks/object.js';
import { undoRestored } from '../lib/checks/rollout-undo.js';
import { replicasReady } from '../lib/app.js';
import { applyManifest } from '../../src/course/apply.js';
import { act, defineLesson, explain, tryIt, waitFor, type LessonContext } from '../../src/course/lesson.js';
import { versionLabel } from './rollout-picture.js';
import { history, rolloutStatus } from '../../src/kube/rollout.js';
import { rolloutUndo } from '../../src/kube/rollout-ops.js';
import { formatTable } from '../../src/ui/ui.js';
import { APP, DEPLOYMENT, deploymentNeed, namespaceNeed } from '../lib/app.js';
import { APP_DEFAULT_VERSION, changeUnderTraffic, setVersionPatch, trafficLines } from './rollout.js';
import { learnerTimeline, watchForLearner } from '../lib/timeline.js';

const ROLLING = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };

export const strategyAsInGuide = matches(
  DEPLOYMENT,
  { spec: { strategy: ROLLING } },
  {
    name: 'Deployment fastapi-k8s: RollingUpdate, maxSurge 1, maxUnavailable 0',
    create: (ctx) => `kubectl apply -f ${learnerManifest('deployment-rolling.yaml')} -n ${ctx.namespace}`,
    fix: (_m, ctx) => `kubectl apply -f ${learnerManifest('deployment-rolling.yaml')} -n ${ctx.namespace}`,
  },
);

async function historyTable(ctx: LessonContext): Promise<string[]> {
  const deployment = await ctx.kube.get(DEPLOYMENT);
  if (!deployment) return [];
  const entries = history(deployment, await ctx.kube.list('apps/v1', 'ReplicaSet'));
  const rows = entries.map((e) => {
    const env = (e.template as { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } }).spec?.containers?.[0]?.env ?? [];
    const version = env.find((v) => v.name === 'APP_VERSION')?.value ?? `${APP_DEFAULT_VERSION} (default)`;
    return [String(e.revision), e.changeCause ?? '<none>', e.replicaSet, version];
  });
  return formatTable(['REVISION', 'CHANGE-CAUSE', 'REPLICASET', 'APP_VERSION'], rows);
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
    explain([
      'Now a new version, while the tutor sends steady requests to GET /version through the Service (via the API',
      'server\'s proxy: this cluster has no other way in). APP_VERSION is what /version reports. Changing any part of',
      'the pod template starts a rollout; a new image tag would do the same.',
    ]),
    act({
      say: 'Rolling out version 2.0.0 under traffic',
      kubectl: `kubectl set env deployment/${APP} APP_VERSION=2.0.0 -n {ns}`,
      async run(ctx) {
        ctx.ui.dim('each box is a Ready pod; [v2…] is a new pod not Ready yet');
        const measured = await changeUnderTraffic(ctx, async () => void (await ctx.kube.patch(DEPLOYMENT, setVersionPatch('2.0.0'), 'strategic')));
        ctx.facts.rollingSent = measured.report.sent;
        ctx.facts.rollingFailed = measured.report.failed;
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
      kubectl: `kubectl rollout status deployment/${APP} -n {ns}; kubectl rollout history deployment/${APP} -n {ns}`,
      async run(ctx) {
        const d = await ctx.kube.get(DEPLOYMENT);
        return [d ? rolloutStatus(d).message : '', '', ...(await historyTable(ctx))];
      },
    }),
    explain([
      'Each revision is a ReplicaSet the Deployment keeps (scaled to 0) so that it can go back.',
      'Undo scales the previous one up again, with the same rolling steps.',
    ]),
    act({
      say: 'Watching pods, ReplicaSets, endpoints and events for your change',
      async run(ctx) {
        await watchForLearner(ctx);
      },
    }),
    tryIt({
      task: 'In another terminal, undo the rollout with kubectl.',
      until: [undoRestored(APP, 3)],
      hints: [`kubectl rollout --help`, `kubectl rollout undo deployment/${APP} -n {ns}`],
      kubectl: `kubectl rollout undo deployment/${APP} -n {ns}`,
      async doIt(ctx) {
        await rolloutUndo(ctx.kube, APP);
      },
    }),
    act({
      say: 'What the cluster did after your undo',
      async run(ctx) {
        const shown = await learnerTimeline(ctx, (v) => v.pods === 5 && v.readyPods === 5 && v.endpoints === 5, { only: ['scaling', 'replicas', 'ready', 'deleted'], timeoutMs: 60_000 });
        return [...shown.lines, '', ...(await historyTable(ctx)), 'The undone-to revision came back under a new number; its old number is gone from the list.'];
      },
    }),
    explain([
      'The other strategy is Recreate: stop every old pod first, then start the new ones. Simple, and there is a gap',
      'with nothing serving. Use it only when two versions must never run side by side (a database schema change',
      'that the old version cannot live with, say). Here is the gap, measured the same way.',
    ]),
    act({
      say: 'Switching to Recreate and rolling out 2.0.0 again, under the same traffic',
      kubectl: `kubectl patch deployment ${APP} -n {ns} -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'; kubectl set env deployment/${APP} APP_VERSION=2.0.0 -n {ns}`,
      async run(ctx) {
        await ctx.kube.patch(DEPLOYMENT, { spec: { strategy: { type: 'Recreate', rollingUpdate: null } } }, 'merge');
        const measured = await changeUnderTraffic(ctx, async () => void (await ctx.kube.patch(DEPLOYMENT, setVersionPatch('2.0.0'), 'strategic')));
        ctx.facts.recreateSent = measured.report.sent;
        ctx.facts.recreateFailed = measured.report.failed;
        return [...trafficLines(measured), `RollingUpdate lost ${String(ctx.facts.rollingFailed ?? '?')} of ${String(ctx.facts.rollingSent ?? '?')}; Recreate lost ${measured.report.failed} of ${measured.report.sent}.`];
      },
    }),
    act({
      say: 'Back to RollingUpdate, and undo to the version your undo restored',
      kubectl: `kubectl patch deployment ${APP} -n {ns} -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}'; kubectl rollout undo deployment/${APP} -n {ns}`,
      async run(ctx) {
        await ctx.kube.patch(DEPLOYMENT, { spec: { strategy: ROLLING } }, 'merge');
        const restored = await rolloutUndo(ctx.kube, APP);
        return [`rolled back to revision ${restored.revision} (${versionLabel({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: restored.replicaSet }, spec: { template: restored.template } }, APP_DEFAULT_VERSION)})`];
      },
    }),
    waitFor({ say: 'Waiting for the rollback to finish', until: [strategyAsInGuide, undoRestored(APP, 3), replicasReady(APP, 5)] }),
  ],
  check: [strategyAsInGuide, undoRestored(APP, 3), replicasReady(APP, 5)],
  hints: [`kubectl rollout history deployment/${APP} -n {ns}`, `kubectl rollout undo deployment/${APP} -n {ns}`, 'kubectl apply -f {manifests}/deployment-rolling.yaml -n {ns}'],
});
