import { APP, DEPLOYMENT, SERVICE, about, act, appPods, applyManifest, defineLesson, deploymentNeed, explain, namespaceNeed, podTable, replicasReady, tryIt, type KubeObject, type LessonContext } from '../kit.js';
import { externalSentence, requestCommand } from '../lib/reach.js';
import { replicasFromFile, requestsSpread, scaledTo } from './scaling.js';
import { nodeSpread, serviceFanOut, tallyServers } from './spread.js';
import { replicasSettled } from './settled.js';

/** The counts this lesson walks through: up with the guide's kubectl scale, then down by editing the file. */
const KUBECTL_SCALE = 10;
const FILE_SCALE = 4;

/** The sample app's Makefile, in the learner's copy of the course files, run from any folder. */
const MAKE = 'make -C {manifests}/../sample-app';

const FILE_COMMAND = `sed 's/replicas: 5/replicas: ${FILE_SCALE}/' {manifests}/k8s.yaml | kubectl apply -n {ns} -f -`;

/** How many of the app's pods run on each node, when there is more than one node. */
async function spreadOverNodes(ctx: LessonContext, pods: KubeObject[]): Promise<string[]> {
  // Without the right to list nodes, the tutor says nothing about them.
  const nodes = await ctx.kube.list('v1', 'Node', { namespace: null }).catch(() => []);
  return nodeSpread(pods.map((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName), nodes.map((n) => n.metadata.name));
}

const requestsSpreadOut = requestsSpread(2);

export default defineLesson({
  ...about('scaling'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'Scaling is changing how many copies (replicas) of a pod run. More copies, more capacity, and one failing hurts less.',
      'The Service hands each request to one of the ready pods behind it: on every node, kube-proxy turns the Service into',
      'packet rules (iptables) that pick a ready pod for each new connection, so the load spreads roughly evenly.',
    ]),
    tryIt({
      task: `In another terminal, scale the Deployment to ${KUBECTL_SCALE} replicas, as the guide does: kubectl scale deployment ${APP} --replicas=${KUBECTL_SCALE} -n {ns}`,
      until: [scaledTo(KUBECTL_SCALE), replicasReady(APP, KUBECTL_SCALE)],
      hints: ['kubectl scale deployment DEPLOYMENT_NAME --replicas=REPLICAS -n {ns}   # kubectl get deployments -n {ns} lists the names', `kubectl scale deployment ${APP} --replicas=${KUBECTL_SCALE} -n {ns}`],
      kubectl: `kubectl scale deployment ${APP} --replicas=${KUBECTL_SCALE} -n {ns}`,
      async doIt(ctx) {
        await ctx.kube.patch(DEPLOYMENT, { spec: { replicas: KUBECTL_SCALE } }, 'merge');
      },
    }),
    act({
      say: 'The pods now, and where they run',
      kubectl: `kubectl get pods -l app=${APP} -o wide -n {ns}`,
      async run(ctx) {
        const pods = await appPods(ctx);
        return [...(await podTable(ctx, pods)), ...(await spreadOverNodes(ctx, pods))];
      },
    }),
    explain([
      'Only the replica count changed. The Deployment updated its ReplicaSet, which made the extra pods.',
      `The sample app's Makefile wraps the same command: \`${MAKE} scale N=${KUBECTL_SCALE} NAMESPACE={ns}\`, and N=2 scales down.`,
      '',
      `kubectl scale is quick, but it changed only the live object: your file still says replicas: 5, and the next`,
      '`kubectl apply` of it sets 5 again. The lasting way is to change replicas in the file and apply it, so that the file stays the truth.',
    ]),
    tryIt({
      task: `Set replicas: ${FILE_SCALE} in k8s.yaml (your copy: {manifests}/k8s.yaml) and apply it: kubectl apply -f {manifests}/k8s.yaml -n {ns} (or ${MAKE} deploy NAMESPACE={ns}).`,
      until: [replicasFromFile(FILE_SCALE), replicasSettled(APP, FILE_SCALE)],
      hints: [
        `open {manifests}/k8s.yaml in an editor, change "replicas: 5" to "replicas: ${FILE_SCALE}", save, then: kubectl apply -f {manifests}/k8s.yaml -n {ns}`,
        `${FILE_COMMAND}   # the same without an editor`,
      ],
      kubectl: FILE_COMMAND,
      async doIt(ctx) {
        const lines = await applyManifest(ctx, 'k8s.yaml', (object: KubeObject) =>
          object.kind === 'Deployment' ? { ...object, spec: { ...(object.spec as Record<string, unknown>), replicas: FILE_SCALE } } : object,
        );
        for (const line of lines) ctx.ui.dim(line);
      },
    }),
    act({
      say: 'The pods now',
      kubectl: `kubectl get pods -l app=${APP} -n {ns}`,
      async run(ctx) {
        return podTable(ctx, await appPods(ctx));
      },
    }),
    explain(async (ctx) => [
      'Now watch the spreading. The guide curls http://localhost, which works where the Service got an outside address.',
      await externalSentence(ctx, await ctx.kube.get(SERVICE)),
      'Through the API server, each request is sent on to one of the Service\'s ready pods, much as kube-proxy would pick one.',
    ]),
    act({
      say: 'Sending 20 requests to GET /version through the Service (it answers with the pod\'s name, as GET / does)',
      kubectl: `for i in $(seq 1 20); do kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/version; echo; done`,
      sets: ['loop'],
      async run(ctx) {
        const service = await ctx.kube.get(SERVICE);
        ctx.vars.loop = ctx.fill(`for i in $(seq 1 20); do ${requestCommand(service, APP, 80, '/')}; echo; done`);
        const tally = await tallyServers(ctx.kube, APP, '/version', 20);
        return serviceFanOut(`Service ${APP} (port 80)`, tally.counts, tally.failed);
      },
    }),
    explain([
      'Each box is a pod and the number is how many of the 20 requests it answered. Not exactly even: the pick is',
      'random per connection, and it evens out over many requests.',
    ]),
    tryIt({
      task: 'Now send your own 20 requests to GET / and read which pod answered each ("server"): {loop}',
      until: [requestsSpreadOut],
      hints: ['{loop}', `kubectl logs -l app=${APP} --prefix -n {ns} | grep '"path":"/"'   # which pod answered each`],
      kubectl: '{loop}',
      async doIt(ctx) {
        const tally = await tallyServers(ctx.kube, APP, '/', 20);
        ctx.ui.lines(serviceFanOut(`Service ${APP} (port 80)`, tally.counts, tally.failed));
      },
    }),
    explain([
      'When to scale: pods near their CPU or memory limits, responses getting slower under load, or to survive',
      'losing a pod. Scale down again when traffic drops, to give the resources back. Lesson 13 lets a HorizontalPodAutoscaler do it.',
    ]),
  ],
  check: [scaledTo(KUBECTL_SCALE), replicasFromFile(FILE_SCALE), replicasSettled(APP, FILE_SCALE), requestsSpreadOut],
  hints: [`kubectl scale deployment ${APP} --replicas=${KUBECTL_SCALE} -n {ns}`, FILE_COMMAND, `for i in $(seq 1 20); do kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/; echo; done`],
});
