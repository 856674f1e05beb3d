import { about } from '../catalog.js';
import type { Check } from '../../src/checks/check.js';
import { fail, pass } from '../../src/checks/check.js';
import { act, defineLesson, explain } from '../../src/course/lesson.js';
import { ensureNamespace } from '../../src/kube/namespace.js';
import { age } from '../../src/kube/tables.js';
import type { KubeObject } from '../../src/kube/types.js';

interface NodeShape {
  metadata: { name: string; creationTimestamp?: string; labels?: Record<string, string> };
  status?: { conditions?: { type: string; status: string }[]; nodeInfo?: { kubeletVersion?: string; containerRuntimeVersion?: string; osImage?: string } };
}

function nodeReady(node: KubeObject): boolean {
  return Boolean((node as unknown as NodeShape).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}

const nodesReady: Check = {
  name: 'at least one node is Ready',
  watches: [{ apiVersion: 'v1', kind: 'Node' }],
  async evaluate(ctx) {
    const nodes = await ctx.kube.list('v1', 'Node', { namespace: null });
    const ready = nodes.filter(nodeReady).length;
    if (ready > 0) return pass(this.name, `${ready} of ${nodes.length} node${nodes.length === 1 ? ' is' : 's are'} Ready`, { progress: { done: ready, total: nodes.length } });
    return fail(this.name, `no node is Ready (${nodes.length} found)`, { path: 'nodes', expected: '≥1 Ready', actual: ready, fix: 'kubectl get nodes; kubectl describe node' });
  },
};

const namespaceExists: Check = {
  name: 'the tutor namespace exists',
  watches: [{ apiVersion: 'v1', kind: 'Namespace' }],
  async evaluate(ctx) {
    const ns = await ctx.kube.get({ apiVersion: 'v1', kind: 'Namespace', name: ctx.namespace });
    if (ns && !ns.metadata.deletionTimestamp) return pass(this.name, `namespace ${ctx.namespace} exists`);
    return fail(this.name, `namespace ${ctx.namespace} does not exist`, { path: 'metadata.name', expected: ctx.namespace, actual: undefined, fix: `kubectl create namespace ${ctx.namespace}` });
  },
};

export default defineLesson({
  ...about('what-is-kubernetes'),
  steps: [
    explain([
      'Kubernetes runs your containers for you, on one machine or on hundreds.',
      'You do not tell it what to do step by step. You write down what you want ("5 copies of my app"),',
      'and it keeps working until the cluster matches, and keeps it that way when things break.',
      'That written-down wish is the desired state. What is really running is the actual state.',
    ]),
    act({
      say: 'Asking your cluster who it is',
      kubectl: 'kubectl version && kubectl get nodes -o wide',
      async run(ctx) {
        const [version, nodes] = await Promise.all([ctx.kube.serverVersion(), ctx.kube.list('v1', 'Node', { namespace: null }).catch(() => [])]);
        ctx.vars.nodes = String(nodes.length);
        const lines = [`context ${ctx.cluster.name} (${ctx.cluster.flavor}), server ${ctx.cluster.server}`, `Kubernetes ${version.gitVersion}`];
        for (const node of nodes as unknown as NodeShape[]) {
          const info = node.status?.nodeInfo;
          lines.push(`node ${node.metadata.name}: ${nodeReady(node as unknown as KubeObject) ? 'Ready' : 'NotReady'}, kubelet ${info?.kubeletVersion ?? '?'}, ${info?.containerRuntimeVersion ?? '?'}, up ${age(node.metadata.creationTimestamp)}`);
        }
        return lines;
      },
    }),
    explain((ctx) => [
      `Your cluster has ${ctx.vars.nodes ?? 'some'} node${ctx.vars.nodes === '1' ? '' : 's'}. A node is a machine that runs containers.`,
      'The control plane (API server, scheduler, controllers, etcd) decides; the nodes do the work.',
      'On a laptop cluster, one node plays both parts.',
      'Everything you will do in this course is a request to the API server, the front door of the control plane.',
    ]),
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
    ]),
  ],
  check: [nodesReady, namespaceExists],
  hints: ['kubectl get nodes', 'kubectl create namespace {ns}'],
});
