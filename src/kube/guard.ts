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

/** The host of a server URL, with an IPv4-mapped IPv6 address ([::ffff:7f00:1], as URL writes ::ffff:127.0.0.1) as its IPv4. */
function hostOf(server: string): string | undefined {
  let host: string;
  try {
    host = new URL(server).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const mapped = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(host);
  if (!mapped) return host;
  const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export function serverIsLoopback(server: string): boolean {
  const host = hostOf(server);
  return host !== undefined && (LOOPBACK_HOSTS.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host));
}

/**
 * Where a local cluster's API server can live: this machine, a private or link-local network (a
 * minikube or microk8s VM), or a local-only name (kubernetes.docker.internal, *.orb.local, a bare
 * host name). A public name or address is none of these, whatever the context is called.
 */
export function serverIsPrivate(server: string): boolean {
  if (serverIsLoopback(server)) return true;
  const host = hostOf(server)?.replace(/^\[|\]$/g, '');
  if (host === undefined) return false;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)?.slice(1).map(Number);
  if (v4) {
    const [a, b] = v4 as [number, number];
    return a === 0 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (host.includes(':')) return /^(fc|fd|fe8|fe9|fea|feb)/.test(host);
  return !host.includes('.') || /\.(local|localhost|lan|home\.arpa)$/.test(host);
}

export type GuardVerdict =
  | { allowed: true; reason: string }
  | { allowed: false; reason: string };

/** The guard accepts this cluster as local by itself (no --allow-context): where the tutor may touch nodes. */
export function acceptsAsLocal(info: ContextInfo): boolean {
  return judgeContext(info).allowed;
}

export function judgeContext(info: ContextInfo, allowContext?: string): GuardVerdict {
  // A recognised name only counts with a server that could be local: a context called kind-prod
  // that points at a cloud endpoint is not the learner's laptop.
  if (info.flavor !== 'generic' && serverIsPrivate(info.server)) return { allowed: true, reason: `context ${info.name} is a local cluster (${info.flavor})` };
  if (serverIsLoopback(info.server)) return { allowed: true, reason: `${info.server} is on this machine` };
  if (allowContext !== undefined && allowContext === info.name) return { allowed: true, reason: `allowed with --allow-context ${info.name}` };
  return { allowed: false, reason: `context "${info.name}" (server ${info.server}) does not look like a local cluster` };
}
