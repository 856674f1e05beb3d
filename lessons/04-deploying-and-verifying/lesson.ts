import { about } from '../catalog.js';
import { endpointsReady } from '../../src/checks/workload.js';
import { replicasReady } from '../lib/app.js';
import { act, defineLesson, explain, waitFor } from '../../src/course/lesson.js';
import { eventTime, eventTimestamp } from '../../src/kube/events.js';
import { rolloutStatus } from '../../src/kube/rollout.js';
import { POD_HEADER, SERVICE_HEADER, age, podRow, serviceRow } from '../../src/kube/tables.js';
import { formatTable } from '../../src/ui/ui.js';
import { APP, DEPLOYMENT, SERVICE, deploymentNeed, namespaceNeed } from '../lib/app.js';

export default defineLesson({
  ...about('deploying-and-verifying'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    waitFor({ say: 'Waiting for the rollout to finish', until: [replicasReady(APP, 5)] }),
    act({
      say: 'What `kubectl rollout status` says',
      kubectl: `kubectl rollout status deployment/${APP} -n {ns}`,
      async run(ctx) {
        const d = await ctx.kube.get(DEPLOYMENT);
        return d ? [rolloutStatus(d).message] : [];
      },
    }),
    act({
      say: 'Your pods',
      kubectl: 'kubectl get pods -n {ns}',
      async run(ctx) {
        const pods = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${APP}` });
        ctx.vars.pod = pods[0]?.metadata.name ?? '';
        return formatTable(POD_HEADER, pods.map((p) => podRow(p)));
      },
    }),
    explain([
      'READY 1/1: containers ready out of containers in the pod.',
      'STATUS: Running is what you want; Pending, ContainerCreating, CrashLoopBackOff or ErrImageNeverPull tell you where it is stuck.',
      'RESTARTS: how often a container was restarted in place. A climbing number means it keeps dying.',
      'AGE: how long ago the pod was created. The random suffix in each name comes from its ReplicaSet.',
    ]),
    act({
      say: 'Your service',
      kubectl: 'kubectl get svc -n {ns}',
      async run(ctx) {
        const svc = await ctx.kube.get(SERVICE);
        return svc ? formatTable(SERVICE_HEADER, [serviceRow(svc)]) : [];
      },
    }),
    explain([
      'CLUSTER-IP is the address inside the cluster. EXTERNAL-IP is where a LoadBalancer is reachable from outside:',
      'Docker Desktop maps it to localhost; other local clusters may leave it <pending>, which is harmless here.',
      'PORT(S) 80:3xxxx/TCP means port 80, also opened on every node at the NodePort after the colon.',
    ]),
    waitFor({ say: 'Waiting for the Service to list all 5 pods as endpoints', until: [endpointsReady(APP, 5)] }),
    act({
      say: 'The last lines one pod wrote (its logs)',
      kubectl: 'kubectl logs {pod} -n {ns} --tail=5',
      async run(ctx) {
        const log = await ctx.kube.logs(ctx.vars.pod ?? '', { tailLines: 5 });
        return log.trimEnd().split('\n').filter(Boolean);
      },
    }),
    act({
      say: 'Recent events in the namespace: the cluster\'s diary',
      kubectl: 'kubectl get events -n {ns} --sort-by=.lastTimestamp',
      async run(ctx) {
        const events = await ctx.kube.list('v1', 'Event');
        const rows = events
          .sort((a, b) => eventTime(a) - eventTime(b))
          .slice(-8)
          .map((event) => {
            const e = event as unknown as { reason?: string; message?: string; involvedObject?: { kind?: string; name?: string } };
            return [age(eventTimestamp(event)), e.reason ?? '', `${e.involvedObject?.kind?.toLowerCase()}/${e.involvedObject?.name}`, (e.message ?? '').split('\n')[0]!.slice(0, 70)];
          });
        return formatTable(['AGE', 'REASON', 'OBJECT', 'MESSAGE'], rows);
      },
    }),
    act({
      say: 'Calling the app through its Service (via the API server, so it works on any cluster)',
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/`,
      async run(ctx) {
        const answer = await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, '/');
        return [`HTTP ${answer.status}: ${answer.body.trim()}`];
      },
    }),
    explain('Everything checks out: the Deployment rolled out, 5 pods are ready, and the Service sends traffic to all of them.'),
  ],
  check: [replicasReady(APP, 5), endpointsReady(APP, 5)],
  hints: ['kubectl get pods -n {ns}', `kubectl describe pod <name> -n {ns}`, `kubectl get endpointslices -l kubernetes.io/service-name=${APP} -n {ns}`],
});
