import { about, act, age, defineLesson, ensureNamespace, explain, tryIt } from '../kit.js';
import { COUNT_NODES, COUNT_PLACEHOLDER, NODES_LABEL, countedLabelCommand, labelCommand, listNodes, nodeCountLabelled, nodeInfo, nodeReady, nodesReady } from './nodes.js';

export default defineLesson({
  ...about('what-is-kubernetes'),
  steps: [
    explain([
      'Kubernetes runs your containers for you, on one machine or on hundreds.',
      'You do not tell it what to do step by step. You write down what you want ("5 copies of my app"),',
      'and it keeps working until the cluster matches, and keeps it that way when things break.',
      'That written-down wish is the desired state. What is really running is the actual state.',
      '',
      'Out of that one idea come the things this course shows you on your own cluster:',
      '  healing     a crashed copy is replaced without anyone asking (lesson 6)',
      '  scaling     1 copy or 100, with one command, or automatically under load (lessons 5 and 13)',
      '  updates     a new version replaces the old one gradually, with no downtime (lesson 7)',
      '  services    one stable address that spreads requests over every healthy copy (lessons 3, 5 and 10)',
    ]),
    act({
      say: 'Asking your cluster who it is',
      kubectl: 'kubectl version && kubectl get nodes -o wide',
      async run(ctx) {
        const [version, nodes] = await Promise.all([ctx.kube.serverVersion(), listNodes(ctx)]);
        const lines = [`context ${ctx.cluster.name} (${ctx.cluster.flavor}), server ${ctx.cluster.server}`, `Kubernetes ${version.gitVersion}`];
        for (const node of nodes) {
          const info = nodeInfo(node);
          lines.push(`node ${node.metadata.name}: ${nodeReady(node) ? 'Ready' : 'NotReady'}, kubelet ${info?.kubeletVersion ?? '?'}, ${info?.containerRuntimeVersion ?? '?'}, up ${age(node.metadata.creationTimestamp)}`);
        }
        return lines;
      },
    }),
    explain(async (ctx) => {
      const count = (await listNodes(ctx)).length;
      return [
        'A node is a machine (real or virtual) that runs containers. The control plane (the API server, the',
        'scheduler, the controllers and etcd, where the cluster keeps its data) decides what runs where; the nodes do the work.',
        count === 1
          ? 'Your cluster has one node, so the control plane and your containers share that one machine.'
          : `Your cluster has ${count} nodes: the scheduler spreads pods over them, and lesson 5 shows where yours land.`,
        'Everything you will do in this course is a request to the API server, the front door of the control plane.',
      ];
    }),
    act({
      say: 'Creating a namespace for the course, so nothing here mixes with your other work',
      kubectl: 'kubectl create namespace {ns}',
      async run(ctx) {
        const created = await ensureNamespace(ctx.kube);
        return [created ? `namespace/${ctx.namespace} created` : `namespace/${ctx.namespace} already exists`];
      },
    }),
    explain([
      'A namespace is a named space inside the cluster: names only have to be unique within it,',
      'and you can delete it, and everything in it, in one go. `k8s-tutor reset` does exactly that.',
      '',
      'Nothing in this lesson changes what runs on your cluster, so the tutor cannot check that you understood it.',
      'It can check one thing you do: count your nodes yourself and write the number on the namespace, as a label',
      `(a key=value tag; lesson 2 shows what labels are for). The key is ${NODES_LABEL}.`,
    ]),
    tryIt({
      task: `In another terminal, list your nodes with kubectl get nodes, count them, and label the namespace with the number, writing it in place of ${COUNT_PLACEHOLDER}: ${labelCommand('{ns}', COUNT_PLACEHOLDER)}`,
      until: [nodeCountLabelled],
      hints: [
        'kubectl get nodes   # one line per node, under the NAME header line: do not count the header',
        `${COUNT_NODES}   # counts them for you; then the label command with that number in place of ${COUNT_PLACEHOLDER}`,
      ],
      kubectl: countedLabelCommand('{ns}'),
      async doIt(ctx) {
        const count = (await listNodes(ctx)).length;
        await ctx.kube.patch({ apiVersion: 'v1', kind: 'Namespace', name: ctx.namespace }, { metadata: { labels: { [NODES_LABEL]: String(count) } } }, 'merge');
      },
    }),
    explain([
      'kubectl label changed an object in the cluster through the API server, as every kubectl command that changes something does.',
      'See it with: kubectl get namespace {ns} --show-labels',
    ]),
  ],
  check: [nodesReady, nodeCountLabelled],
  hints: ['kubectl get nodes   # one line per node, under the NAME header line', countedLabelCommand('{ns}')],
});
