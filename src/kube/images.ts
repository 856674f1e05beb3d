import type { Kube } from './types.js';

/** Whether any node reports the image among the ones it holds. */
export async function imageOnNodes(kube: Kube, image: string): Promise<boolean> {
  const nodes = await kube.list('v1', 'Node', { namespace: null });
  return nodes.some((n) =>
    ((n.status as { images?: { names?: string[] }[] } | undefined)?.images ?? []).some((i) => (i.names ?? []).some((name) => name === image || name.endsWith(`/${image}`))),
  );
}
