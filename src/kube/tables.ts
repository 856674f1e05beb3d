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

export function podRow(object: KubeObject, now = Date.now()): string[] {
  const pod = object as unknown as PodShape;
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  const ready = statuses.filter((c) => c.ready).length;
  const restarts = statuses.reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  return [pod.metadata.name, `${ready}/${total}`, podStatus(object), String(restarts), age(pod.metadata.creationTimestamp, now)];
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
