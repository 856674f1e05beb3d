import { DEFAULT_NAMESPACE } from '../course/tutor-command.js';
import { UsageError } from '../errors.js';

export interface GlobalOptions {
  kubeconfig?: string;
  context?: string;
  namespace: string;
  yes: boolean;
  json: boolean;
  allowContext?: string;
  color: boolean;
  verbose: boolean;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** Pure validation of the global flags. */
export function validateGlobal(raw: Record<string, unknown>): GlobalOptions {
  const namespace = String(raw.namespace ?? DEFAULT_NAMESPACE);
  if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
    throw new UsageError(`"${namespace}" is not a valid namespace name`, 'Use lowercase letters, digits and dashes, e.g. -n k8s-tutor.');
  }
  if (SYSTEM_NAMESPACES.has(namespace)) {
    throw new UsageError(`the tutor will not work in the ${namespace} namespace`, 'It creates and deletes things; give it a namespace of its own, e.g. -n k8s-tutor (the default).');
  }
  return {
    kubeconfig: raw.kubeconfig as string | undefined,
    context: raw.context as string | undefined,
    namespace,
    yes: Boolean(raw.yes),
    json: Boolean(raw.json),
    allowContext: raw.allowContext as string | undefined,
    color: raw.color !== false,
    verbose: Boolean(raw.verbose),
  };
}
