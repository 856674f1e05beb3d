import {
  about, act, APP, applyStep, defineLesson, deploymentNeed, explain, features, formatTable, namespaceNeed, replicasReady, topNodes, topPods, tryIt,
} from '../kit.js';
import { metricsAdvice } from '../lib/adapt.js';
import { requestsOfLessonEight, unlessAlreadyApplied } from './already-applied.js';
import { probesOnPort } from '../lib/checks/probes.js';
import { PATH, requestInLogs, sendCommand } from './request-logged.js';
import {
  describeChosenPod, eventRowsOfChosenPod, followLogsWhileRequesting, lastLineOfEachReplica, pickPodAndReadItsLog, sendVersionRequest,
} from './steps.js';

/** A liveness probe that asks the app on its port (any path: the guide's `/` or the manifest's `/health`). */
export const livenessOnAppPort = probesOnPort(['livenessProbe'], 'deployment-resources.yaml');

export default defineLesson({
  ...about('monitoring'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'When something misbehaves, you ask the cluster four questions:',
      '  what did the app say?        kubectl logs',
      '  what did the cluster do?     kubectl get events, kubectl describe',
      '  how busy is it?              kubectl top (needs metrics-server)',
      '  is it healthy?               the probes, which call the app\'s /health and /ready',
    ]),
    applyStep('deployment-resources.yaml', {
      task: 'Give the Deployment health checks and requests: apply {manifests}/deployment-resources.yaml (lesson 8\'s version).',
      until: [livenessOnAppPort, requestsOfLessonEight, replicasReady(APP)],
      hints: ['kubectl apply -f {manifests}/<file> -n {ns}', 'kubectl apply -f {manifests}/deployment-resources.yaml -n {ns}'],
      applies: unlessAlreadyApplied([livenessOnAppPort, requestsOfLessonEight]),
    }),
    act({
      say: 'The last lines of one pod\'s log',
      sets: ['pod'],
      kubectl: 'kubectl logs {pod} --tail=3 -n {ns}',
      async run(ctx) {
        return [...await pickPodAndReadItsLog(ctx), '', 'One JSON object per line: a log collector can parse it without guessing.'];
      },
    }),
    act({
      say: 'Every replica at once, by label (--prefix names the pod on each line)',
      kubectl: `kubectl logs -l app=${APP} --prefix --tail=1 -n {ns}`,
      async run(ctx) {
        const lines = await lastLineOfEachReplica(ctx);
        return [
          ...lines, '',
          `Read from all ${lines.length} replicas. Without -f, kubectl logs -l reads every matching pod in turn.`,
          'With -f it follows them all at once, at most 5 by default (--max-log-requests): with more pods it stops with an error and follows none, so raise it.',
        ];
      },
    }),
    act({
      say: 'Following the logs live for 6 seconds, while the tutor sends 6 requests through the Service',
      kubectl: `kubectl logs -l app=${APP} --prefix -f -n {ns}     (Ctrl-C stops it)`,
      async run(ctx) {
        const { lines, count } = await followLogsWhileRequesting(ctx);
        return [...lines, `${count} new line${count === 1 ? '' : 's'} in 6 s: the Service spread the requests over the pods.`];
      },
    }),
    explain([
      'Your turn with logs. Reading them leaves no trace the tutor could check, so leave one: send a request of your own,',
      `then find its line. GET ${PATH} is one nothing else in this lesson asks for.`,
    ]),
    tryIt({
      task: `Send GET ${PATH} to the app through its Service, then find that request in the logs with kubectl logs -l.`,
      until: [requestInLogs],
      hints: [
        `${sendCommand('{ns}')}   (or: kubectl port-forward svc/${APP} 8080:80 -n {ns}, then curl localhost:8080${PATH})`,
        `kubectl logs -l app=${APP} --prefix -n {ns} | grep ${PATH}`,
      ],
      kubectl: `${sendCommand('{ns}')}; kubectl logs -l app=${APP} --prefix -n {ns} | grep ${PATH}`,
      doIt: sendVersionRequest,
    }),
    act({
      say: 'What the cluster did with that pod: its events',
      kubectl: 'kubectl get events --field-selector involvedObject.name={pod} -n {ns}',
      async run(ctx) {
        const rows = await eventRowsOfChosenPod(ctx);
        return rows.length ? formatTable(['AGE', 'TYPE', 'REASON', 'MESSAGE'], rows) : ['No events kept for it (events expire after an hour).'];
      },
    }),
    act({
      say: 'And the detail `kubectl describe` gathers: conditions, state, restarts, probes',
      kubectl: 'kubectl describe pod {pod} -n {ns}',
      run: describeChosenPod,
    }),
    act({
      say: 'How much CPU and memory they use right now',
      kubectl: `kubectl top pods -l app=${APP} -n {ns}  &&  kubectl top nodes`,
      async run(ctx) {
        const f = await features(ctx);
        if (!f.metrics) return [...metricsAdvice(f, ctx.cluster.flavor), 'Those commands change kube-system, which is yours to decide: the tutor does not run them.'];
        const [pods, nodes] = await Promise.all([topPods(ctx.kube, `app=${APP}`), topNodes(ctx.kube)]);
        const podLines = pods.length ? formatTable(['POD', 'CPU', 'MEMORY'], pods.map((u) => [u.name, u.cpu, u.memory])) : ['No pod metrics yet: metrics-server samples every 15–60 s, so new pods take a minute to appear.'];
        return [...podLines, '', ...formatTable(['NODE', 'CPU', 'MEMORY'], nodes.map((u) => [u.name, u.cpu, u.memory])), '', 'metrics-server is running here: `kubectl top` and the autoscaler (lesson 13) have numbers to work with.', 'So the guide\'s install commands (kubectl apply -f …/components.yaml, and the --kubelet-insecure-tls patch for Docker Desktop) are not needed on this cluster.'];
      },
    }),
    act({
      say: 'The app\'s own health endpoint, which the liveness probe calls',
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/health`,
      async run(ctx) {
        const answer = await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, '/health');
        return [
          `HTTP ${answer.status}: ${answer.body.trim()}`,
          'The kubelet asks /health every 10 s; three failures in a row and it restarts the container.',
          '/ready is the readiness probe: while it fails, the pod gets no Service traffic.',
        ];
      },
    }),
    explain([
      'Beyond one laptop: Prometheus collects metrics, Grafana draws them, Alertmanager pages someone.',
      'Logs go to one place too (Loki, or Elasticsearch with Fluentd), because pods and their logs come and go.',
      'The usual way in is a Helm chart such as kube-prometheus-stack. Here, kubectl logs and top are enough.',
    ]),
  ],
  check: [livenessOnAppPort, requestInLogs],
  hints: [`${sendCommand('{ns}')}`, `kubectl logs -l app=${APP} --prefix -n {ns} | grep ${PATH}`, 'kubectl apply -f {manifests}/deployment-resources.yaml -n {ns}', 'kubectl describe pod <name> -n {ns}'],
});
