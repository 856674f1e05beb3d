import { about, act, appPods, defineLesson, explain, namespaceNeed, podReplaced, replicasReady, sampleImageNeed, tryIt, waitFor } from '../kit.js';
import { BARE_POD, CREATE_COMMANDS, DEMO, addressesBeforeAndNow, barePod, barePodDeleted, barePodRef, bareReady, demoDeployment, demoService, demoTable, rememberAddresses } from './demo.js';
import { nodeAgents } from './nodes.js';

/** The Deployment's pod was replaced since the try-it began; latching, since it is the learner's action. */
const demoPodReplaced = { ...podReplaced(DEMO), latch: true };

export default defineLesson({
  ...about('core-concepts'),
  needs: [namespaceNeed, sampleImageNeed],
  steps: [
    explain([
      'A cluster is a control plane (the API server, the scheduler, the controllers and etcd) plus nodes.',
      'Every node runs three pieces of its own:',
      '  kubelet             the node\'s agent: it starts the containers of the pods placed on its node, and reports how they are',
      '  kube-proxy          turns every Service into network rules on the node, so that a Service\'s address reaches its pods',
      '  container runtime   the program that really runs containers (containerd, CRI-O, or Docker\'s engine)',
    ]),
    act({
      say: 'The pieces on your nodes',
      kubectl: 'kubectl get nodes -o wide  &&  kubectl get pods -n kube-system -o wide',
      run: nodeAgents,
    }),
    explain([
      'Five more words carry most of Kubernetes:',
      '  pod          one running copy of your app: one or more containers that share an IP address (they reach',
      '               each other on localhost), volumes, and a life: they are created and deleted together',
      '  deployment   a manager that keeps N identical pods alive (through a ReplicaSet)',
      '  service      one stable address in front of a changing set of pods',
      '  namespace    a named space that keeps a group of objects apart; without -n, kubectl uses the one called default',
      '  label        a key=value tag; selectors find objects by their labels',
    ]),
    act({
      say: `Creating a bare pod (${BARE_POD}), a one-pod Deployment (${DEMO}) and a Service (${DEMO}) in front of the Deployment's pods`,
      kubectl: CREATE_COMMANDS.join('  &&  '),
      async run(ctx) {
        await ctx.kube.apply(barePod());
        await ctx.kube.apply(demoDeployment());
        await ctx.kube.apply(demoService());
        return [`pod/${BARE_POD} created`, `deployment.apps/${DEMO} created`, `service/${DEMO} exposed`];
      },
    }),
    waitFor({ say: 'Waiting for both pods to be Ready', until: [replicasReady(DEMO, 1), bareReady] }),
    act({
      say: 'Here they are, with each pod\'s IP address and labels, and the Service\'s own address',
      kubectl: `kubectl get pods -l 'app in (${BARE_POD},${DEMO})' -o wide --show-labels -n {ns}  &&  kubectl get service ${DEMO} -n {ns}`,
      async run(ctx) {
        await rememberAddresses(ctx);
        return demoTable(ctx);
      },
    }),
    explain([
      `The Deployment's selector is app=${DEMO}: any pod with that label counts as one of its copies,`,
      'and if there are fewer than it wants, it makes more. The Service uses the same label to find where to send traffic.',
      'The bare pod has no such manager.',
    ]),
    tryIt({
      task: `Delete the bare pod ${BARE_POD} with kubectl, in another terminal.`,
      until: [barePodDeleted],
      hints: ['kubectl get pods -n {ns}', `kubectl delete pod ${BARE_POD} -n {ns}`],
      kubectl: `kubectl delete pod ${BARE_POD} -n {ns}`,
      async doIt(ctx) {
        await ctx.kube.delete(barePodRef, { gracePeriodSeconds: 1 });
      },
    }),
    explain(['Once it is gone, it stays gone. Nobody asked for it to exist, so nobody brings it back.']),
    tryIt({
      task: `Now delete the ${DEMO} Deployment's pod (kubectl delete pod with its name, or with -l app=${DEMO}). Watch what happens.`,
      until: [demoPodReplaced, replicasReady(DEMO, 1)],
      hints: [`kubectl get pods -l app=${DEMO} -n {ns}`, `kubectl delete pod -l app=${DEMO} -n {ns}`],
      kubectl: `kubectl delete pod -l app=${DEMO} -n {ns}`,
      async doIt(ctx) {
        const [pod] = await appPods(ctx, { app: DEMO });
        if (pod) await ctx.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name }, { gracePeriodSeconds: 1 });
      },
    }),
    act({
      say: 'The pods and the Service now',
      kubectl: `kubectl get pods -l app=${DEMO} -o wide -n {ns}  &&  kubectl get service ${DEMO} -n {ns}`,
      async run(ctx) {
        const { before, now, table } = await addressesBeforeAndNow(ctx);
        return [
          ...table,
          '',
          now.pod === before.pod
            ? 'The same pod as before: it has not been deleted yet (the step above is still yours to do).'
            : `A new pod with a new name${now.ip !== before.ip ? ' and a new IP address' : ''} took the old one's place. The Service's address did not change.`,
        ];
      },
    }),
    explain([
      'That is the difference between a pod and a Deployment: the Deployment holds a wish ("1 copy"),',
      'and its controller acts whenever the cluster drifts from it. You will almost always use Deployments.',
      'And why Services exist: pods come and go, and each new one gets a new IP. A Service keeps one address',
      '(its ClusterIP) for as long as it exists, and sends each request to whichever pods carry its label right now.',
    ]),
  ],
  check: [barePodDeleted, demoPodReplaced, replicasReady(DEMO, 1)],
  hints: [`kubectl delete pod ${BARE_POD} -n {ns}`, `kubectl delete pod -l app=${DEMO} -n {ns}`],
});
