import { TutorError } from '../errors.js';
import { noClusterHint } from './no-cluster.js';

/**
 * Any error, as one plain line and a hint. Knows the shapes that @kubernetes/client-node and
 * Node's fetch produce (ApiException's `code`/`body`, a `cause` chain with a system or TLS code)
 * without importing the client.
 */
export interface DescribedError {
  message: string;
  hint: string;
  status?: number;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE', 'UNABLE_TO_GET_ISSUER_CERT',
]);

function codeInChain(error: unknown): { code?: string; message?: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof e.code === 'string') return { code: e.code, message: typeof e.message === 'string' ? e.message : undefined };
    if (Array.isArray(e.errors) && e.errors.length > 0) current = e.errors[0];
    else current = e.cause;
  }
  return {};
}

function statusMessage(body: unknown): string | undefined {
  try {
    const parsed = typeof body === 'string' ? (JSON.parse(body) as { message?: string }) : (body as { message?: string });
    return parsed?.message;
  } catch {
    return typeof body === 'string' && body.length > 0 ? body.slice(0, 200) : undefined;
  }
}

export function describeError(error: unknown, server = 'the cluster'): DescribedError {
  if (error instanceof TutorError) return { message: error.message, hint: error.hint };
  const api = error as { code?: unknown; body?: unknown; name?: unknown };
  // AbortSignal.timeout() rejects with a DOMException whose numeric `code` (23) is no HTTP status.
  if (api.name === 'TimeoutError') {
    return { message: `${server} did not answer in time`, hint: 'Is the cluster running and reachable? `kubectl cluster-info` should answer quickly.' };
  }
  if (typeof api.code === 'number' && api.code >= 100) {
    const detail = statusMessage(api.body);
    switch (api.code) {
      case 401:
        return { status: 401, message: `${server} did not accept your credentials (401 Unauthorized)`, hint: 'Your kubeconfig credentials are expired or invalid: log in again or regenerate the kubeconfig for this cluster.' };
      case 403:
        if (detail?.includes('because it is being terminated')) {
          return { status: 403, message: `the namespace is still being deleted: ${detail}`, hint: 'Wait until `kubectl get namespace` no longer lists it (a minute at most), then run the command again.' };
        }
        return { status: 403, message: `not allowed: ${detail ?? 'forbidden (403)'}`, hint: 'Your user lacks a permission the tutor needs: run `k8s-tutor doctor` to see which, or use an admin context for your local cluster.' };
      case 404:
        return { status: 404, message: `not found: ${detail ?? '404'}`, hint: 'Set up what the lesson needs first: the lesson offers it, or run `k8s-tutor lesson first-deployment`.' };
      case 409:
        return { status: 409, message: `conflict: ${detail ?? '409'}`, hint: 'Something else changed the object at the same time: run the command again.' };
      case 422:
        return { status: 422, message: `the cluster rejected an object: ${detail ?? '422'}`, hint: 'Check the manifest for a typo; `kubectl apply --dry-run=server -f FILE` shows the same error.' };
      default:
        return { status: api.code, message: `${server} answered ${api.code}: ${detail ?? 'unexpected error'}`, hint: 'Run `k8s-tutor doctor` to see what is wrong with the cluster.' };
    }
  }
  const { code, message } = codeInChain(error);
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return { message: `cannot reach ${server} (${code})`, hint: noClusterHint({ lead: 'Is your cluster running? Start it' }) };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { message: `cannot resolve the address of ${server} (${code})`, hint: 'Check the server address in your kubeconfig: `kubectl config view --minify`.' };
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ABORT_ERR' || code === 'TIMEOUT') {
    return { message: `${server} did not answer in time`, hint: 'Is the cluster running and reachable? `kubectl cluster-info` should answer quickly.' };
  }
  if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('CERT_'))) {
    return { message: `the TLS certificate of ${server} is not trusted (${code})`, hint: 'The CA in your kubeconfig does not match this server: regenerate the kubeconfig, or pick the right context with --context.' };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { message: text.split('\n')[0] ?? text, hint: message && message !== text ? message : 'Run with --verbose for details, or `k8s-tutor doctor` to check the cluster.' };
}
