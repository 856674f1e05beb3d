import { fail, pass, type Check, type CheckContext, type KubeObject, type LessonContext } from '../kit.js';

/** What lesson 1 reads from the cluster's nodes, and the one thing it asks the learner to do. */

interface NodeShape {
  metadata: { name: string; creationTimestamp?: string };
  status?: {
    conditions?: { type: string; status: string }[];
    nodeInfo?: { kubeletVersion?: string; containerRuntimeVersion?: string; osImage?: string };
  };
}

/** The label the learner puts on the course namespace: how many nodes `kubectl get nodes` showed them. */
export const NODES_LABEL = 'nodes';

export function nodeReady(node: KubeObject): boolean {
  return Boolean((node as unknown as NodeShape).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}

export function nodeInfo(node: KubeObject): NonNullable<NodeShape['status']>['nodeInfo'] {
  return (node as unknown as NodeShape).status?.nodeInfo;
}

export async function listNodes(ctx: Pick<LessonContext, 'kube'> | CheckContext): Promise<KubeObject[]> {
  return ctx.kube.list('v1', 'Node', { namespace: null });
}

export function labelCommand(namespace: string, count: number | string): string {
  return `kubectl label namespace ${namespace} ${NODES_LABEL}=${count} --overwrite`;
}

/** What the learner writes in place of the number: a word the shell passes on as it is (no `<…>`, which bash reads as a redirect). */
export const COUNT_PLACEHOLDER = 'NODE_COUNT';

/** Counts the nodes without the header line (`grep -c`, unlike macOS's `wc -l`, prints the bare number). */
export const COUNT_NODES = 'kubectl get nodes --no-headers | grep -c .';

/** The label command with the count filled in by the shell: pastes and works anywhere. */
export function countedLabelCommand(namespace: string): string {
  return labelCommand(namespace, `$(${COUNT_NODES})`);
}

const WHERE_TO_LOOK = 'kubectl get nodes prints one line per node, under a NAME header line';

/**
 * Pure: the learner's answer (the label's value, if any) against the node count. Counting nodes is
 * the point, so any other number is wrong, and the one-line message says what is wrong and where to look:
 * the tutor shows it while it keeps waiting for the right number.
 */
export function judgeAnswer(answer: string | undefined, nodes: number): { ok: boolean; message: string } {
  const lists = `${nodes} node${nodes === 1 ? '' : 's'}`;
  if (answer === undefined) return { ok: false, message: `the namespace has no ${NODES_LABEL}= label yet: count your nodes with kubectl get nodes, then label the namespace with the number` };
  if (answer === COUNT_PLACEHOLDER) return { ok: false, message: `the label says ${NODES_LABEL}=${COUNT_PLACEHOLDER}: write the number of nodes in place of ${COUNT_PLACEHOLDER} (${WHERE_TO_LOOK})` };
  if (!/^\d+$/.test(answer)) return { ok: false, message: `the label says ${NODES_LABEL}=${answer}, which is not a number of nodes (${WHERE_TO_LOOK})` };
  if (Number(answer) === nodes + 1) return { ok: false, message: `the label says ${NODES_LABEL}=${answer}, but kubectl get nodes lists ${lists}: its first line is the NAME header, not a node` };
  if (Number(answer) !== nodes) return { ok: false, message: `the label says ${NODES_LABEL}=${answer}, but kubectl get nodes lists ${lists}: look again (${WHERE_TO_LOOK})` };
  return { ok: true, message: `you counted ${lists} and wrote it on the namespace (${NODES_LABEL}=${answer})` };
}

/**
 * The learner's own action: the course namespace carries `nodes=N`, the number of nodes that
 * `kubectl get nodes` lists. Latching: a node added to the cluster later does not undo the answer.
 */
export const nodeCountLabelled: Check = {
  name: 'you counted your nodes and labelled the namespace with the number',
  watches: [{ apiVersion: 'v1', kind: 'Namespace' }, { apiVersion: 'v1', kind: 'Node' }],
  latch: true,
  answers: true,
  async evaluate(ctx) {
    const name = nodeCountLabelled.name;
    const [ns, nodes] = await Promise.all([ctx.kube.get({ apiVersion: 'v1', kind: 'Namespace', name: ctx.namespace }), listNodes(ctx)]);
    if (!ns || ns.metadata.deletionTimestamp) {
      return fail(name, `namespace ${ctx.namespace} does not exist`, { path: 'metadata.name', expected: ctx.namespace, actual: undefined, fix: `kubectl create namespace ${ctx.namespace}` });
    }
    const answer = ns.metadata.labels?.[NODES_LABEL];
    const verdict = judgeAnswer(answer, nodes.length);
    if (verdict.ok) return pass(name, verdict.message);
    return fail(name, verdict.message, {
      path: `metadata.labels.${NODES_LABEL}`, expected: 'the number of nodes kubectl get nodes lists', actual: answer,
      fix: countedLabelCommand(ctx.namespace),
    });
  },
};

/** The cluster can run pods: at least one node is Ready. */
export const nodesReady: Check = {
  name: 'at least one node is Ready',
  watches: [{ apiVersion: 'v1', kind: 'Node' }],
  async evaluate(ctx) {
    const nodes = await listNodes(ctx);
    const ready = nodes.filter(nodeReady).length;
    if (ready > 0) return pass(nodesReady.name, `${ready} of ${nodes.length} node${nodes.length === 1 ? ' is' : 's are'} Ready`, { progress: { done: ready, total: nodes.length } });
    return fail(nodesReady.name, `no node is Ready (${nodes.length} found)`, { path: 'nodes', expected: '≥1 Ready', actual: ready, fix: 'kubectl get nodes; kubectl describe node' });
  },
};
