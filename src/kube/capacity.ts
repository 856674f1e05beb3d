import { parseQuantity } from './quantity.js';
import type { Kube } from './types.js';

/** The CPU (millicores) the cluster's Ready nodes can give to pods. */
export async function allocatableMillicores(kube: Kube): Promise<number> {
  const nodes = await kube.list('v1', 'Node', { namespace: null });
  let total = 0;
  for (const node of nodes) {
    const status = node.status as { allocatable?: { cpu?: string }; conditions?: { type: string; status: string }[] } | undefined;
    if (!status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    total += Math.round((parseQuantity(status.allocatable?.cpu) ?? 0) * 1000);
  }
  return total;
}
