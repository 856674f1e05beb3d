import type { KubeObject } from './types.js';

/** kubectl's AGE column: 45s, 3m, 2h, 4d. */
export function age(timestamp: string | undefined, now = Date.now()): string {
  if (!timestamp) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

interface PodShape {
  metadata: { name: string; creationTimestamp?: string; deletionTimestamp?: string };
  spec?: { containers?: unknown[]; nodeName?: string };
  status?: {
    phase?: string;
    reason?: string;
    podIP?: string;
    containerStatuses?: { ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string }; terminated?: { reason?: string } } }[];
  };
}

/** The STATUS column as kubectl prints it: the waiting/terminated reason wins over the phase. */
export function podStatus(object: KubeObject): string {
  const pod = object as unknown as PodShape;
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  for (const c of pod.status?.containerStatuses ?? []) {
    const reason = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (reason) return reason;
  }
  return pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
}

export const POD_HEADER = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];

/** The extra columns of `kubectl get pods -o wide` that a table may add: the pod's IP and its node. */
export interface PodColumns {
  ip?: boolean;
  node?: boolean;
}

/** POD_HEADER, plus IP and NODE (in -o wide's order) when asked for. */
export function podHeader(columns: PodColumns = {}): string[] {
  return [...POD_HEADER, ...(columns.ip ? ['IP'] : []), ...(columns.node ? ['NODE'] : [])];
}

export function podRow(object: KubeObject, now = Date.now(), columns: PodColumns = {}): string[] {
  const pod = object as unknown as PodShape;
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  const ready = statuses.filter((c) => c.ready).length;
  const restarts = statuses.reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  const row = [pod.metadata.name, `${ready}/${total}`, podStatus(object), String(restarts), age(pod.metadata.creationTimestamp, now)];
  if (columns.ip) row.push(pod.status?.podIP ?? '<none>');
  if (columns.node) row.push(pod.spec?.nodeName ?? '<none>');
  return row;
}

/**
 * A pod table's header and rows. The NODE column comes when `nodes` (the cluster's node count) is
 * more than one, or when asked for: where each pod runs only matters when there is a choice.
 */
export function podTable(pods: KubeObject[], options: PodColumns & { nodes?: number; now?: number } = {}): { header: string[]; rows: string[][] } {
  const columns: PodColumns = { ip: options.ip ?? false, node: options.node ?? (options.nodes ?? 1) > 1 };
  return { header: podHeader(columns), rows: pods.map((p) => podRow(p, options.now ?? Date.now(), columns)) };
}

export const SERVICE_HEADER = ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'];

interface ServiceShape {
  metadata: { name: string; creationTimestamp?: string };
  spec?: { type?: string; clusterIP?: string; ports?: { port: number; nodePort?: number; protocol?: string }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export function serviceRow(object: KubeObject, now = Date.now()): string[] {
  const svc = object as unknown as ServiceShape;
  const type = svc.spec?.type ?? 'ClusterIP';
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  const external = type === 'LoadBalancer' ? (ingress.map((i) => i.ip ?? i.hostname).join(',') || '<pending>') : '<none>';
  const ports = (svc.spec?.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
  return [svc.metadata.name, type, svc.spec?.clusterIP ?? '', external, ports, age(svc.metadata.creationTimestamp, now)];
}
