import type { Flavor } from './flavor.js';

/**
 * The context guard: the tutor deletes pods, so it only works on a cluster that is plainly the
 * learner's own, unless told otherwise. It decides from the kubeconfig alone, before any request.
 */

export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  server: string;
  flavor: Flavor;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', 'kubernetes.docker.internal', 'host.docker.internal']);

export function serverIsLoopback(server: string): boolean {
  try {
    const host = new URL(server).hostname;
    return LOOPBACK_HOSTS.has(host) || /^127\./.test(host);
  } catch {
    return false;
  }
}

export type GuardVerdict =
  | { allowed: true; reason: string }
  | { allowed: false; reason: string };

export function judgeContext(info: ContextInfo, allowContext?: string): GuardVerdict {
  if (info.flavor !== 'generic') return { allowed: true, reason: `${info.name} is a ${info.flavor} cluster` };
  if (serverIsLoopback(info.server)) return { allowed: true, reason: `${info.server} is on this machine` };
  if (allowContext !== undefined && allowContext === info.name) return { allowed: true, reason: `allowed with --allow-context ${info.name}` };
  return { allowed: false, reason: `context "${info.name}" (server ${info.server}) does not look like a local cluster` };
}
