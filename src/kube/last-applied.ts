import { isNamespaced } from './resources.js';
import type { KubeObject } from './types.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** JSON with every object's keys in order, as Go writes a map (kubectl's annotation is one). */
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${goJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The object with the annotation `kubectl apply -f FILE -n NAMESPACE` would leave on it: the object as
 * the file has it, in the namespace, without the annotation itself, as one line of JSON. With it, the
 * learner's own next `kubectl apply` of the file is a quiet three-way merge, not a warning that the
 * annotation is missing. Taken before the tutor's label is added, so that the learner's apply keeps
 * the label (what the last apply did not set, the next one does not take away).
 */
export function withLastApplied(object: KubeObject, namespace: string): KubeObject {
  const { [LAST_APPLIED_ANNOTATION]: _previous, ...annotations } = object.metadata.annotations ?? {};
  const asApplied = {
    ...object,
    metadata: { ...object.metadata, annotations, ...(isNamespaced(object.kind) ? { namespace: object.metadata.namespace ?? namespace } : {}) },
  };
  return { ...object, metadata: { ...object.metadata, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: `${goJson(asApplied)}\n` } } };
}
