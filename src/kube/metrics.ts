import { parseQuantity } from './quantity.js';
import type { Kube, KubeObject } from './types.js';

/** `kubectl top` from the metrics API (metrics.k8s.io), as rows: name, CPU in millicores, memory in MiB. */

export interface Usage {
  name: string;
  cpu: string;
  memory: string;
}

const METRICS = 'metrics.k8s.io/v1beta1';

function format(cpuCores: number, memoryBytes: number): { cpu: string; memory: string } {
  return { cpu: `${Math.round(cpuCores * 1000)}m`, memory: `${Math.round(memoryBytes / 2 ** 20)}Mi` };
}

function sum(values: (string | undefined)[]): number {
  return values.reduce((total, v) => total + (parseQuantity(v) ?? 0), 0);
}

export async function topPods(kube: Kube, labelSelector: string): Promise<Usage[]> {
  const items = await kube.list(METRICS, 'PodMetrics', { labelSelector });
  return items.map((item) => {
    const containers = (item.containers as { usage?: { cpu?: string; memory?: string } }[] | undefined) ?? [];
    return { name: item.metadata.name, ...format(sum(containers.map((c) => c.usage?.cpu)), sum(containers.map((c) => c.usage?.memory))) };
  });
}

export async function topNodes(kube: Kube): Promise<Usage[]> {
  const items: KubeObject[] = await kube.list(METRICS, 'NodeMetrics', { namespace: null });
  return items.map((item) => {
    const usage = (item.usage as { cpu?: string; memory?: string } | undefined) ?? {};
    return { name: item.metadata.name, ...format(parseQuantity(usage.cpu) ?? 0, parseQuantity(usage.memory) ?? 0) };
  });
}
