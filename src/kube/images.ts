import type { Kube } from './types.js';

/** The sample app's image as the course's manifests name it. */
export const SAMPLE_IMAGE = 'fastapi-k8s:1.0.0';
/** The same image under the name the guide's YAML uses; the tutor builds, loads and tags both. */
export const SAMPLE_IMAGE_LATEST = 'fastapi-k8s:latest';
export const SAMPLE_IMAGE_NAMES = [SAMPLE_IMAGE, SAMPLE_IMAGE_LATEST] as const;

/** Whether any node reports the image among the ones it holds. */
export async function imageOnNodes(kube: Kube, image = SAMPLE_IMAGE): Promise<boolean> {
  const nodes = await kube.list('v1', 'Node', { namespace: null });
  return nodes.some((n) =>
    ((n.status as { images?: { names?: string[] }[] } | undefined)?.images ?? []).some((i) => (i.names ?? []).some((name) => name === image || name.endsWith(`/${image}`))),
  );
}
