import { isNamespaced } from './resources.js';
import type { KubeObject } from './types.js';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './types.js';

/**
 * A copy of the object placed in the tutor's namespace and carrying the tutor's label, on the
 * object and on its pod template, so that the pods and ReplicaSets it spawns carry it too.
 */
export function labelForTutor(object: KubeObject, namespace: string): KubeObject {
  const copy = structuredClone(object);
  copy.metadata.labels = { ...copy.metadata.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  if (isNamespaced(copy.kind)) copy.metadata.namespace = copy.metadata.namespace ?? namespace;
  const template = (copy.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template;
  if (template) template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } };
  return copy;
}
