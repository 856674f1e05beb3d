import { APP, about, act, defineLesson, deploymentNeed, endpointsReady, explain, namespaceNeed, replicasReady, tryIt, waitFor } from '../kit.js';
import {
  callThroughService, describeChosenPod, requestInfoFromPod, showEndpoints, showEveryPodsLog, showLoggedRequest, showPodLog, showPodsAndPickOne,
  showRecentEvents, showRolloutStatus, showService,
} from './steps.js';
import { downwardApiNote } from './downward-api.js';
import { INSIDE_COMMAND, TRACE_PATH, infoRequested } from './trace.js';

/** The sample app's Makefile, in the learner's copy of the course files, run from any folder. */
const MAKE = 'make -C {manifests}/../sample-app';

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
      run: showRolloutStatus,
    }),
    act({
      say: 'Your pods',
      kubectl: 'kubectl get pods -n {ns}',
      sets: ['pod'],
      run: showPodsAndPickOne,
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
      run: showService,
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
      run: showEndpoints,
    }),
    act({
      say: 'Everything `kubectl describe pod` knows about one pod, in short: its node, IP, conditions and events',
      kubectl: 'kubectl describe pod {pod} -n {ns}',
      run: describeChosenPod,
    }),
    act({
      say: 'The last lines one pod wrote (its logs)',
      kubectl: 'kubectl logs {pod} -n {ns} --tail=5',
      run: showPodLog,
    }),
    act({
      say: 'The logs of every pod with the label at once, each line prefixed with its pod',
      kubectl: `kubectl logs -l app=${APP} --prefix --tail=2 -n {ns}`,
      run: showEveryPodsLog,
    }),
    act({
      say: 'Recent events in the namespace: the cluster\'s diary',
      kubectl: 'kubectl get events -n {ns} --sort-by=.lastTimestamp',
      run: showRecentEvents,
    }),
    act({
      say: 'Calling the app through its Service (via the API server, so it works on any cluster)',
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/`,
      run: callThroughService,
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
    explain(downwardApiNote),
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
      doIt: requestInfoFromPod,
    }),
    act({
      say: `Your request, as the pod logged it`,
      kubectl: `kubectl logs -l app=${APP} --prefix -n {ns} | grep '"path":"${TRACE_PATH}"'`,
      run: showLoggedRequest,
    }),
    explain('Rolled out, 5 pods ready, 5 endpoints behind the Service, and you have seen inside a pod and in its log.'),
  ],
  check: [replicasReady(APP, 5), endpointsReady(APP, 5), infoRequested],
  hints: [`kubectl exec -it $(kubectl get pods -l app=${APP} -n {ns} -o name | head -1) -n {ns} -- sh`, `inside the pod: ${INSIDE_COMMAND}`, 'kubectl get pods -n {ns}', `kubectl describe pod <name> -n {ns}`],
});
