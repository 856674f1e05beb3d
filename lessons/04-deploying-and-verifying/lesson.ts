import {
  APP, DEPLOYMENT, SERVICE, SERVICE_HEADER, about, act, age, appPods, defineLesson, deploymentNeed, endpointsReady, eventTime, eventsAbout, explain, formatTable, namespaceNeed,
  podTable, replicasReady, rolloutStatus, serviceRow, tryIt, waitFor, type KubeObject, type LessonContext,
} from '../kit.js';
import { externalSentence } from '../lib/reach.js';
import { INSIDE_COMMAND, TRACE_PATH, infoRequested, requestsSince } from './trace.js';

/** The sample app's Makefile, in the learner's copy of the course files, run from any folder. */
const MAKE = 'make -C {manifests}/../sample-app';

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

export default defineLesson({
  ...about('deploying-and-verifying'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'The guide deploys with three make targets of the sample app\'s Makefile (your copy: {manifests}/../sample-app/Makefile):',
      '  make docker-build   builds the image with Docker. Not needed here: the tutor already put the image on your cluster\'s',
      '                      nodes (`k8s-tutor doctor` shows it). A Docker build alone reaches only Docker Desktop\'s cluster, which uses Docker\'s images.',
      `  make deploy         runs kubectl apply -f ../manifests/k8s.yaml, which you did in lesson 3 (${MAKE} deploy NAMESPACE={ns})`,
      '  make status         shows what runs; the tutor shows the same, part by part, below',
    ]),
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
      sets: ['pod'],
      async run(ctx) {
        const pods = await appPods(ctx);
        ctx.vars.pod = pods[0]?.metadata.name ?? '<pod-name>';
        return podTable(ctx, pods);
      },
    }),
    explain([
      'NAME: the Deployment\'s name, its ReplicaSet\'s hash, and a random suffix.',
      'READY 1/1: containers ready out of containers in the pod.',
      'STATUS: Running is what you want; Pending, ContainerCreating, CrashLoopBackOff or ErrImageNeverPull tell you where it is stuck.',
      'RESTARTS: how often a container was restarted in place. A climbing number means it keeps dying.',
      'AGE: how long ago the pod was created.',
    ]),
    act({
      say: 'Your service',
      kubectl: 'kubectl get svc -n {ns}',
      async run(ctx) {
        const svc = await ctx.kube.get(SERVICE);
        return svc ? [...formatTable(SERVICE_HEADER, [serviceRow(svc)]), '', await externalSentence(ctx, svc)] : [`No Service ${APP}: apply lesson 3's file again.`];
      },
    }),
    explain([
      'TYPE and CLUSTER-IP: LoadBalancer, and the address other pods use inside the cluster.',
      'PORT(S) 80:3xxxx/TCP means port 80, also opened on every node at the NodePort after the colon.',
      `\`make status\` shows all of this at once: ${MAKE} status NAMESPACE={ns}`,
      `(it runs kubectl get deployments,replicasets,pods,services -l app=${APP} -o wide -n {ns}).`,
      '',
      'A Service sends traffic to its endpoints: the IP and port of each ready pod that matches its selector.',
      'Kubernetes keeps that list in EndpointSlice objects, and updates it as pods become ready or go away.',
    ]),
    waitFor({ say: 'Waiting for the Service to list all 5 pods as endpoints', until: [endpointsReady(APP, 5)] }),
    act({
      say: 'The Service\'s endpoints: the pods\' own IPs, port 8000',
      kubectl: `kubectl get endpointslices -l kubernetes.io/service-name=${APP} -n {ns}`,
      async run(ctx) {
        const slices = await ctx.kube.list('discovery.k8s.io/v1', 'EndpointSlice', { labelSelector: `kubernetes.io/service-name=${APP}` });
        const rows = slices.flatMap((s) => ((s.endpoints as { addresses?: string[]; conditions?: { ready?: boolean }; targetRef?: { name?: string } }[] | undefined) ?? [])
          .map((e) => [(e.addresses ?? []).map((a) => `${a}:8000`).join(','), e.conditions?.ready === false ? 'no' : 'yes', e.targetRef?.name ?? '']));
        return formatTable(['ENDPOINT', 'READY', 'POD'], rows);
      },
    }),
    act({
      say: 'Everything `kubectl describe pod` knows about one pod, in short: its node, IP, conditions and events',
      kubectl: 'kubectl describe pod {pod} -n {ns}',
      async run(ctx) {
        const pod = (await appPods(ctx)).find((p) => p.metadata.name === ctx.vars.pod);
        return pod ? describePod(ctx, pod) : [`pod ${ctx.vars.pod} is gone already`];
      },
    }),
    act({
      say: 'The last lines one pod wrote (its logs)',
      kubectl: 'kubectl logs {pod} -n {ns} --tail=5',
      async run(ctx) {
        // A pod that went away meanwhile has no log to show: say so instead of failing the lesson.
        const log = await ctx.kube.logs(ctx.vars.pod ?? '', { tailLines: 5 }).catch(() => `(pod ${ctx.vars.pod} has no log to show now)`);
        return log.trimEnd().split('\n').filter(Boolean);
      },
    }),
    act({
      say: 'The logs of every pod with the label at once, each line prefixed with its pod',
      kubectl: `kubectl logs -l app=${APP} --prefix --tail=2 -n {ns}`,
      async run(ctx) {
        const lines: string[] = [];
        for (const pod of await appPods(ctx)) {
          // As above: a pod without a log yet simply adds no lines.
          const log = await ctx.kube.logs(pod.metadata.name, { tailLines: 2 }).catch(() => '');
          for (const line of log.trimEnd().split('\n').filter(Boolean)) lines.push(`[pod/${pod.metadata.name}/${APP}] ${line}`);
        }
        return lines;
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
            const e = event as unknown as { reason?: string; message?: string; lastTimestamp?: string; eventTime?: string; involvedObject?: { kind?: string; name?: string } };
            return [age(e.lastTimestamp ?? e.eventTime ?? event.metadata.creationTimestamp), e.reason ?? '', `${e.involvedObject?.kind?.toLowerCase()}/${e.involvedObject?.name}`, (e.message ?? '').split('\n')[0]!.slice(0, 70)];
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
    explain([
      'Your turn to look inside. `kubectl exec` runs a command in a running container; with -it and a shell, you get a prompt there.',
      'The guide\'s `kubectl exec -it <pod-name> -- /bin/bash` fails on an image without bash (some builds of this app have only sh);',
      'sh is in every image of this app, so use sh.',
      `\`kubectl logs -l app=${APP} -f\` keeps following the logs of the pods (Ctrl-C stops it): run it first, to see your request arrive.`,
      `(\`${MAKE} logs NAMESPACE={ns}\` follows them the same way.)`,
      '',
      'Reading (get, describe, logs) changes nothing in the cluster, so the tutor cannot tell that you did it.',
      `A request leaves a trace, though: the app writes each one to its log. That is what this lesson checks: your GET ${TRACE_PATH} from inside a pod.`,
    ]),
    tryIt({
      task: [
        `In one terminal, follow the logs: kubectl logs -l app=${APP} -f -n {ns}`,
        'In another, open a shell in a pod: kubectl exec -it {pod} -n {ns} -- sh',
        `Inside, look around (hostname; env | grep POD_), then ask the app about itself on its own port: ${INSIDE_COMMAND}`,
        'Then type exit.',
      ].join('\n'),
      until: [infoRequested],
      hints: [
        'kubectl exec -it {pod} -n {ns} -- sh',
        `inside the pod: ${INSIDE_COMMAND}`,
        `or in one go: kubectl exec {pod} -n {ns} -- ${INSIDE_COMMAND}`,
      ],
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/pods/{pod}:8000/proxy${TRACE_PATH}`,
      async doIt(ctx) {
        // The tutor cannot open a shell for you: it sends the same request through the API server's pod proxy.
        const pod = ctx.vars.pod ?? (await appPods(ctx))[0]?.metadata.name ?? '';
        const answer = await ctx.kube.proxy({ kind: 'pod', name: pod, port: 8000 }, TRACE_PATH);
        ctx.ui.dim(`HTTP ${answer.status}: ${answer.body.trim()}`);
      },
    }),
    act({
      say: `Your request, as the pod logged it`,
      kubectl: `kubectl logs -l app=${APP} --prefix -n {ns} | grep '"path":"${TRACE_PATH}"'`,
      async run(ctx) {
        const since = new Date(Date.now() - 10 * 60_000).toISOString();
        const found = await requestsSince(ctx, TRACE_PATH, since);
        if (found.length === 0) return [`No pod has logged a GET ${TRACE_PATH} yet: the step above is still yours to do (k8s-tutor check deploying-and-verifying tells when it is done).`];
        return found.map(({ pod, request }) => `[pod/${pod}] ${request.time} ${request.method} ${request.path} → ${request.status}`);
      },
    }),
    explain('Rolled out, 5 pods ready, 5 endpoints behind the Service, and you have seen inside a pod and in its log.'),
  ],
  check: [replicasReady(APP, 5), endpointsReady(APP, 5), infoRequested],
  hints: [`kubectl exec -it $(kubectl get pods -l app=${APP} -n {ns} -o name | head -1) -n {ns} -- sh`, `inside the pod: ${INSIDE_COMMAND}`, 'kubectl get pods -n {ns}', `kubectl describe pod <name> -n {ns}`],
});
