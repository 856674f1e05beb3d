import { formatTable, isApiError, type KubeObject, type LessonContext } from '../kit.js';

interface NodeInfo {
  kubeletVersion?: string;
  kubeProxyVersion?: string;
  containerRuntimeVersion?: string;
}

function infoOf(node: KubeObject): NodeInfo {
  return (node.status as { nodeInfo?: NodeInfo } | undefined)?.nodeInfo ?? {};
}

/**
 * Pure: what kube-proxy is on this cluster, from the pods of kube-system (undefined when they
 * could not be read). On most clusters it is a pod on every node; on some (this course's local
 * cluster, k3s) it runs as part of the node's own software, and a network plugin may replace it.
 */
export function kubeProxyLine(systemPods: KubeObject[] | undefined, nodes: number): string {
  if (systemPods === undefined) return 'kube-proxy: the tutor may not list kube-system\'s pods here, so it cannot say how kube-proxy runs.';
  const proxies = systemPods.filter((p) => p.metadata.name.startsWith('kube-proxy') || p.metadata.labels?.['k8s-app'] === 'kube-proxy');
  if (proxies.length > 0) return `kube-proxy: ${proxies.length} pod${proxies.length === 1 ? '' : 's'} in kube-system (one per node; you have ${nodes}).`;
  return 'kube-proxy: no pod in kube-system runs it here, so on this cluster it is a program on each node, outside Kubernetes (or a network plugin does its job).';
}

/** The kubelet and runtime of every node, and how kube-proxy runs, for the lesson's first act. */
export async function nodeAgents(ctx: LessonContext): Promise<string[]> {
  const [nodes, systemPods] = await Promise.all([
    ctx.kube.list('v1', 'Node', { namespace: null }).catch((error: unknown) => {
      // A namespaced Role cannot grant reading nodes: then the lesson says so instead of stopping.
      if (isApiError(error, 403)) return undefined;
      throw error;
    }),
    // Listing kube-system needs a right the tutor may not have; then the line says it cannot tell.
    ctx.kube.list('v1', 'Pod', { namespace: 'kube-system' }).catch(() => undefined),
  ]);
  if (!nodes) return ['Your credentials may not read the cluster\'s nodes (a namespaced Role), so the tutor cannot show them here: `kubectl get nodes -o wide` with an admin\'s credentials does.'];
  const rows = nodes.map((n) => [n.metadata.name, infoOf(n).kubeletVersion ?? '?', infoOf(n).containerRuntimeVersion ?? '?']);
  return [...formatTable(['NODE', 'KUBELET', 'CONTAINER-RUNTIME'], rows), '', kubeProxyLine(systemPods, nodes.length)];
}
