import type { Kube } from './types.js';

export const SAMPLE_IMAGE = 'fastapi-k8s:1.0.0';

/** Whether any node reports the image among the ones it holds. */
export async function imageOnNodes(kube: Kube, image = SAMPLE_IMAGE): Promise<boolean> {
  const nodes = await kube.list('v1', 'Node', { namespace: null });
  return nodes.some((n) =>
    ((n.status as { images?: { names?: string[] }[] } | undefined)?.images ?? []).some((i) => (i.names ?? []).some((name) => name === image || name.endsWith(`/${image}`))),
  );
}
