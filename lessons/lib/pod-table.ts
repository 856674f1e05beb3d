import { formatTable, POD_HEADER, podRow, type KubeObject, type LessonContext } from '../engine.js';

/**
 * A pod table as `kubectl get pods` prints it, with a NODE column (as `-o wide` has) when the cluster
 * has more than one node, so that where each pod runs is visible where it matters.
 */
export async function podTable(ctx: Pick<LessonContext, 'kube'>, pods: KubeObject[]): Promise<string[]> {
  // Without the right to list nodes, the table stays the plain one.
  const nodes = await ctx.kube.list('v1', 'Node', { namespace: null }).catch(() => []);
  if (nodes.length <= 1) return formatTable(POD_HEADER, pods.map((p) => podRow(p)));
  return formatTable([...POD_HEADER, 'NODE'], pods.map((p) => [...podRow(p), (p.spec as { nodeName?: string } | undefined)?.nodeName ?? '<none>']));
}
