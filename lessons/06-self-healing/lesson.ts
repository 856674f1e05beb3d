import {
  about, act, APP, appPods, defineLesson, deploymentNeed, explain, namespaceNeed, podTable, replicasReady, tryIt, applyStep, waitFor,
  watchForLearner, drainCommand,
} from '../kit.js';
import { learnerDeletedPod } from './deleted.js';
import { drainApplies, drainedNodeToGiveBack, learnerDrainedNode, nodesSchedulable } from './drained.js';
import {
  crashOnePod, deleteFirstPod, deleteOnePodWithTimeline, desired, drainAndLeaveCordoned, drainBusiestNode, failLivenessInOnePod,
  timelineOfLearnerDelete, turnReadinessBackOn, turnReadinessOff, uncordonDrainedNode, wherePodsWent,
} from './steps.js';
import { postThroughPortForward } from './post.js';
import { probesOnAppPort } from '../lib/checks/probes.js';

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
      run: deleteOnePodWithTimeline,
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
    act({ say: 'And when a whole node fails?', run: drainBusiestNode }),
    tryIt({
      task: `Now you: drain the node that runs the most ${APP} pods (the NODE column of \`kubectl get pods -o wide\`), and watch its pods come back on the others. Leave it cordoned for now.`,
      applies: drainApplies,
      until: [learnerDrainedNode],
      hints: [
        `kubectl get pods -l app=${APP} -o wide -n {ns}`,
        `${drainCommand('NODE_NAME')}   # NODE_NAME: the node from the NODE column`,
        'If kubectl drain refuses pods that "declare no controller", those are bare pods nothing would re-create: delete them, or add --force.',
      ],
      kubectl: drainCommand('{drainNode}'),
      sets: ['drainNode'],
      doIt: drainAndLeaveCordoned,
    }),
    act({
      say: 'Where the pods went',
      sets: ['drainNode'],
      run: wherePodsWent,
    }),
    tryIt({
      task: 'Give the node back: uncordon it, so that new pods may go there again (the running ones stay where they are).',
      applies: drainedNodeToGiveBack,
      until: [nodesSchedulable],
      hints: ['kubectl get nodes   # SchedulingDisabled marks a cordoned node', 'kubectl uncordon {drainNode}'],
      kubectl: 'kubectl uncordon {drainNode}',
      doIt: uncordonDrainedNode,
    }),
    act({ say: 'Watching pods, ReplicaSets, endpoints and events for your change', run: watchForLearner }),
    tryIt({
      task: `In another terminal, list the ${APP} pods, delete any one of them with kubectl, and list them again.`,
      until: [learnerDeletedPod],
      hints: [`kubectl get pods -l app=${APP} -n {ns}`, 'kubectl delete pod POD_NAME -n {ns}   # POD_NAME: one of the names kubectl get pods listed'],
      kubectl: 'kubectl delete pod {pod} -n {ns}',
      sets: ['pod'],
      doIt: deleteFirstPod,
    }),
    act({ say: 'What the cluster did after your delete', run: timelineOfLearnerDelete }),
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
      kubectl: postThroughPortForward('{crashPod}', '/crash'),
      run: crashOnePod,
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
      hints: ['kubectl apply -f FILE -n {ns}   # FILE: deployment-probes.yaml, or your own Deployment with the probes', 'kubectl apply -f {manifests}/deployment-probes.yaml -n {ns}'],
    }),
    act({
      say: 'Making the liveness probe fail in one pod (POST /health/disable: GET /health answers 503 from now on)',
      sets: ['livePod'],
      kubectl: postThroughPortForward('{livePod}', '/health/disable'),
      run: failLivenessInOnePod,
    }),
    act({
      say: 'Now readiness: turning it off in one pod (POST /ready/disable)',
      sets: ['readyPod'],
      kubectl: postThroughPortForward('{readyPod}', '/ready/disable'),
      run: turnReadinessOff,
    }),
    act({
      say: 'And back on (POST /ready/enable)',
      kubectl: postThroughPortForward('{readyPod}', '/ready/enable'),
      run: turnReadinessBackOn,
    }),
    waitFor({ say: 'Waiting for all 5 replicas to be ready', until: [replicasReady(APP, 5)] }),
  ],
  check: [probesOnAppPort, replicasReady(APP), learnerDeletedPod, learnerDrainedNode, nodesSchedulable],
  hints: [
    'kubectl apply -f {manifests}/deployment-probes.yaml -n {ns}',
    `kubectl delete pod POD_NAME -n {ns}   # POD_NAME: one of those kubectl get pods -l app=${APP} -n {ns} lists`,
    `${drainCommand('NODE_NAME')}; kubectl uncordon NODE_NAME   # on a cluster of several nodes; NODE_NAME: one that runs the app's pods`,
  ],
});

