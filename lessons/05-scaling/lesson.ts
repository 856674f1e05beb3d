import { about } from '../catalog.js';
import { distinctServers, tallyServers } from '../../src/checks/servers.js';
import { replicasReady } from '../lib/app.js';
import { applyManifest } from '../../src/course/apply.js';
import { act, defineLesson, explain, tryIt, waitFor } from '../../src/course/lesson.js';
import { scaleDeployment } from '../../src/kube/rollout-ops.js';
import { POD_HEADER, podRow } from '../../src/kube/tables.js';
import type { KubeObject } from '../../src/kube/types.js';
import { formatTable } from '../../src/ui/ui.js';
import { APP, deploymentNeed, namespaceNeed } from '../lib/app.js';
import { serviceFanOut } from './spread.js';

/** The counts this lesson walks through: down with the client, up with kubectl scale, then the file. */
const TUTOR_SCALE = 2;
const KUBECTL_SCALE = 6;
const FILE_SCALE = 4;

export default defineLesson({
  ...about('scaling'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'Scaling is changing how many copies (replicas) of a pod run. More copies, more capacity, and one failing hurts less.',
      'The Service hands each request to one of the ready pods behind it. On every node, kube-proxy turns the Service',
      'into packet rules that pick a pod for each new connection, so the load spreads roughly evenly.',
    ]),
    act({
      say: `Scaling down to ${TUTOR_SCALE} replicas`,
      kubectl: `kubectl scale deployment ${APP} --replicas=${TUTOR_SCALE} -n {ns}`,
      async run(ctx) {
        await scaleDeployment(ctx.kube, APP, TUTOR_SCALE);
        return [`deployment.apps/${APP} scaled`];
      },
    }),
    waitFor({ say: `Waiting for ${TUTOR_SCALE} ready replicas`, until: [replicasReady(APP, TUTOR_SCALE)] }),
    act({
      say: 'The pods now',
      kubectl: `kubectl get pods -l app=${APP} -n {ns}`,
      async run(ctx) {
        return formatTable(POD_HEADER, (await livePods(ctx.kube.list('v1', 'Pod', { labelSelector: `app=${APP}` }))).map((p) => podRow(p)));
      },
    }),
    explain('Only the replica count changed. The Deployment updated its ReplicaSet, which removed the extra pods.'),
    tryIt({
      task: `In another terminal, scale the Deployment to ${KUBECTL_SCALE} replicas with kubectl scale.`,
      until: [replicasReady(APP, KUBECTL_SCALE)],
      hints: ['kubectl scale deployment <name> --replicas=<count> -n {ns}', `kubectl scale deployment ${APP} --replicas=${KUBECTL_SCALE} -n {ns}`],
      kubectl: `kubectl scale deployment ${APP} --replicas=${KUBECTL_SCALE} -n {ns}`,
      async doIt(ctx) {
        await scaleDeployment(ctx.kube, APP, KUBECTL_SCALE);
      },
    }),
    explain([
      `The sample app's Makefile wraps the same command: \`make scale N=${KUBECTL_SCALE} NAMESPACE={ns}\` in sample-app/.`,
      'kubectl scale is quick, but the file still says 5: the next `kubectl apply` of it sets 5 again.',
      'The lasting way is to change replicas in the file and apply it, so the file stays the truth.',
    ]),
    tryIt({
      task: `Copy {manifests}/k8s.yaml, set replicas: ${FILE_SCALE} in the copy, and apply it with kubectl apply -f.`,
      until: [replicasReady(APP, FILE_SCALE)],
      hints: [
        `cp {manifests}/k8s.yaml /tmp/k8s.yaml, then edit the line "replicas: 5" to "replicas: ${FILE_SCALE}"`,
        `sed 's/replicas: 5/replicas: ${FILE_SCALE}/' {manifests}/k8s.yaml | kubectl apply -n {ns} -f -`,
      ],
      kubectl: `sed 's/replicas: 5/replicas: ${FILE_SCALE}/' {manifests}/k8s.yaml | kubectl apply -n {ns} -f -`,
      async doIt(ctx) {
        const lines = await applyManifest(ctx, 'k8s.yaml', (object: KubeObject) =>
          object.kind === 'Deployment' ? { ...object, spec: { ...(object.spec as Record<string, unknown>), replicas: FILE_SCALE } } : object,
        );
        for (const line of lines) ctx.ui.dim(line);
      },
    }),
    explain([
      'Now watch the spreading. This cluster has no LoadBalancer and no way in from outside, so the tutor reaches',
      "the Service through the API server's proxy (like `kubectl get --raw .../services/fastapi-k8s:80/proxy/`).",
      'The API server then picks a ready pod for each request, much as kube-proxy would.',
    ]),
    act({
      say: 'Sending 20 requests to GET / through the Service',
      kubectl: `for i in $(seq 1 20); do kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/; echo; done`,
      async run(ctx) {
        const tally = await tallyServers(ctx.kube, APP, 20);
        ctx.facts.scalingServers = tally.counts.size;
        return serviceFanOut(`Service ${APP} (port 80)`, tally.counts, tally.failed);
      },
    }),
    explain([
      'Each box is a pod and the number is how many of the 20 requests it answered. Not exactly even: the pick is',
      'random per request (or per connection), and it evens out over many requests.',
      'When to scale: pods near their CPU or memory limits, responses getting slower under load, or to survive',
      'losing a pod. Scale down again when traffic drops, to give the resources back. Lesson 13 lets a HorizontalPodAutoscaler do it.',
    ]),
  ],
  check: [replicasReady(APP, FILE_SCALE), distinctServers(APP, 2)],
  hints: [`kubectl scale deployment ${APP} --replicas=${FILE_SCALE} -n {ns}`, `kubectl get pods -l app=${APP} -n {ns}`],
});

async function livePods(pods: Promise<KubeObject[]>): Promise<KubeObject[]> {
  return (await pods).filter((p) => !p.metadata.deletionTimestamp);
}
