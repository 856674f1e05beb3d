import type { KubeObject } from '../../kube/types.js';

/**
 * The picture the page draws, projected from the objects the view's watches hold. Only the fields
 * drawn are copied, by name: a Secret contributes its name and nothing else, so that no value can
 * reach the page by accident (the page is a second screen, maybe a projector).
 */

export interface PodShape {
  name: string;
  uid: string;
  phase: string;
  ready: boolean;
  terminating: boolean;
  restarts: number;
  node?: string;
  ip?: string;
  createdAt?: string;
  /** Why it is not running yet or any more: CrashLoopBackOff, ContainerCreating… */
  reason?: string;
}

export interface ReplicaSetShape {
  name: string;
  revision?: string;
  desired: number;
  ready: number;
  pods: PodShape[];
}

export interface DeploymentShape {
  name: string;
  desired: number;
  ready: number;
  updated: number;
  strategy?: string;
  replicaSets: ReplicaSetShape[];
}

export interface EndpointShape {
  ip: string;
  pod?: string;
  ready: boolean;
}

export interface PortChain {
  name?: string;
  port: number;
  targetPort: string;
  containerPort?: number;
  nodePort?: number;
}

export interface ServiceShape {
  name: string;
  type: string;
  selector: string;
  ports: PortChain[];
  endpoints: EndpointShape[];
}

export interface LessonShape {
  number: number;
  title: string;
  steps: number;
  step?: { index: number; kind: string; say: string };
  checks: { name: string; passed: boolean; message: string }[];
  lastAction?: { say: string; kubectl?: string; at: string };
  finished?: { passed: boolean };
}

export interface Picture {
  namespace: string;
  context: string;
  connected: boolean;
  deployments: DeploymentShape[];
  /** Pods no ReplicaSet owns (a bare pod, a Job's). */
  otherPods: PodShape[];
  services: ServiceShape[];
  hpas: { name: string; target: string; current?: string; wanted?: string; replicas: number; min?: number; max: number }[];
  volumes: { claim: string; phase: string; size?: string; storageClass?: string; volume?: { name: string; phase: string; reclaim?: string } }[];
  configMaps: string[];
  secrets: string[];
  /** Only when the cluster has several: which pods run where is then worth seeing. */
  nodes: { name: string; ready: boolean; schedulable: boolean }[];
  events: { at: string; type: string; reason: string; object: string; message: string; count: number }[];
  lesson?: LessonShape;
}

export type Store = Map<string, Map<string, KubeObject>>;

// Loosely typed readers: the watches hand over whatever the API server sent.
type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' ? (v as Loose) : {});
const arr = (v: unknown): Loose[] => (Array.isArray(v) ? (v as Loose[]) : []);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
const itemsOf = (store: Store, kind: string): KubeObject[] => [...(store.get(kind)?.values() ?? [])];
const controllerOf = (o: KubeObject) => o.metadata.ownerReferences?.find((r) => r.controller) ?? o.metadata.ownerReferences?.[0];
const REVISION = 'deployment.kubernetes.io/revision';

export function podShape(pod: KubeObject): PodShape {
  const status = obj(pod.status);
  const containers = arr(status.containerStatuses);
  const ready = arr(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True');
  const waiting = containers.map((c) => str(obj(obj(c.state).waiting).reason)).find(Boolean);
  const shape: PodShape = {
    name: pod.metadata.name,
    uid: pod.metadata.uid ?? pod.metadata.name,
    phase: str(status.phase) ?? 'Pending',
    ready,
    terminating: Boolean(pod.metadata.deletionTimestamp),
    restarts: containers.reduce((sum, c) => sum + num(c.restartCount), 0),
  };
  const node = str(obj(pod.spec).nodeName);
  if (node) shape.node = node;
  const ip = str(status.podIP);
  if (ip) shape.ip = ip;
  if (pod.metadata.creationTimestamp) shape.createdAt = pod.metadata.creationTimestamp;
  if (waiting) shape.reason = waiting;
  return shape;
}

function deployments(store: Store, pods: KubeObject[], claimed: Set<string>): DeploymentShape[] {
  const replicaSets = itemsOf(store, 'ReplicaSet');
  return itemsOf(store, 'Deployment')
    .map((d) => {
      const spec = obj(d.spec);
      const status = obj(d.status);
      const owned = replicaSets.filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
      const shapes = owned
        .map((rs): ReplicaSetShape => {
          const mine = pods.filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
          for (const p of mine) claimed.add(p.metadata.uid ?? p.metadata.name);
          const revision = rs.metadata.annotations?.[REVISION];
          return { name: rs.metadata.name, ...(revision ? { revision } : {}), desired: num(obj(rs.spec).replicas), ready: num(obj(rs.status).readyReplicas), pods: mine.map(podShape).sort(byName) };
        })
        // Newest revision first: the one taking over is on top. Empty old ReplicaSets stay, small (rollout history).
        .sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0));
      const strategy = str(obj(spec.strategy).type);
      return { name: d.metadata.name, desired: num(spec.replicas), ready: num(status.readyReplicas), updated: num(status.updatedReplicas), ...(strategy ? { strategy } : {}), replicaSets: shapes };
    })
    .sort(byName);
}

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  const wanted = Object.entries(selector);
  return wanted.length > 0 && wanted.every(([k, v]) => labels?.[k] === v);
}

function services(store: Store, pods: KubeObject[]): ServiceShape[] {
  const slices = itemsOf(store, 'EndpointSlice');
  return itemsOf(store, 'Service')
    .map((svc) => {
      const spec = obj(svc.spec);
      const selector = Object.fromEntries(Object.entries(obj(spec.selector)).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const backing = pods.filter((p) => matches(selector, p.metadata.labels));
      const containerPorts = backing.flatMap((p) => arr(obj(p.spec).containers).flatMap((c) => arr(c.ports)));
      const ports = arr(spec.ports).map((p): PortChain => {
        const target = p.targetPort ?? p.port;
        const containerPort = typeof target === 'number' ? containerPorts.find((c) => c.containerPort === target) : containerPorts.find((c) => c.name === target);
        const chain: PortChain = { port: num(p.port), targetPort: String(target) };
        if (typeof p.name === 'string' && p.name) chain.name = p.name;
        if (containerPort) chain.containerPort = num(containerPort.containerPort);
        if (typeof p.nodePort === 'number') chain.nodePort = p.nodePort;
        return chain;
      });
      const endpoints = slices
        .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name)
        .flatMap((s) => arr(s.endpoints))
        .map((e): EndpointShape => {
          const pod = obj(e.targetRef).kind === 'Pod' ? str(obj(e.targetRef).name) : undefined;
          return { ip: str(arr(e.addresses)[0]) ?? String(arr(e.addresses)[0] ?? ''), ...(pod ? { pod } : {}), ready: obj(e.conditions).ready !== false };
        })
        .sort((a, b) => (a.pod ?? a.ip).localeCompare(b.pod ?? b.ip));
      return { name: svc.metadata.name, type: str(spec.type) ?? 'ClusterIP', selector: Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(','), ports, endpoints };
    })
    .sort(byName);
}

function hpas(store: Store): Picture['hpas'] {
  return itemsOf(store, 'HorizontalPodAutoscaler')
    .map((h) => {
      const spec = obj(h.spec);
      const status = obj(h.status);
      const metric = arr(spec.metrics).map((m) => obj(obj(obj(m.resource).target)))[0];
      const currentMetric = arr(status.currentMetrics).map((m) => obj(obj(obj(m.resource).current)))[0];
      const target = metric?.averageUtilization !== undefined ? `${num(metric.averageUtilization)}%` : (str(metric?.averageValue) ?? '?');
      const current = currentMetric?.averageUtilization !== undefined ? `${num(currentMetric.averageUtilization)}%` : str(currentMetric?.averageValue);
      const shape: Picture['hpas'][number] = { name: h.metadata.name, target, replicas: num(status.currentReplicas), max: num(spec.maxReplicas) };
      if (current) shape.current = current;
      if (typeof status.desiredReplicas === 'number') shape.wanted = String(status.desiredReplicas);
      if (typeof spec.minReplicas === 'number') shape.min = spec.minReplicas;
      return shape;
    })
    .sort(byName);
}

function volumes(store: Store): Picture['volumes'] {
  const pvs = itemsOf(store, 'PersistentVolume');
  return itemsOf(store, 'PersistentVolumeClaim')
    .map((c) => {
      const spec = obj(c.spec);
      const volumeName = str(spec.volumeName);
      const pv = pvs.find((v) => v.metadata.name === volumeName);
      const size = str(obj(obj(c.status).capacity).storage) ?? str(obj(obj(spec.resources).requests).storage);
      const shape: Picture['volumes'][number] = { claim: c.metadata.name, phase: str(obj(c.status).phase) ?? 'Pending' };
      if (size) shape.size = size;
      if (str(spec.storageClassName)) shape.storageClass = str(spec.storageClassName)!;
      if (volumeName) {
        const reclaim = str(obj(pv?.spec).persistentVolumeReclaimPolicy);
        shape.volume = { name: volumeName, phase: str(obj(pv?.status).phase) ?? '?', ...(reclaim ? { reclaim } : {}) };
      }
      return shape;
    })
    .sort((a, b) => a.claim.localeCompare(b.claim));
}

function nodes(store: Store): Picture['nodes'] {
  const all = itemsOf(store, 'Node').map((n) => ({
    name: n.metadata.name,
    ready: arr(obj(n.status).conditions).some((c) => c.type === 'Ready' && c.status === 'True'),
    schedulable: obj(n.spec).unschedulable !== true,
  }));
  return all.length > 1 ? all.sort(byName) : [];
}

const EVENTS_SHOWN = 40;

function events(store: Store): Picture['events'] {
  return itemsOf(store, 'Event')
    .map((e) => {
      const involved = obj(e.involvedObject);
      const regarding = obj(e.regarding);
      const kind = str(involved.kind) ?? str(regarding.kind) ?? '';
      const name = str(involved.name) ?? str(regarding.name) ?? '';
      const at = str(e.lastTimestamp) ?? str(obj(e.series).lastObservedTime) ?? str(e.eventTime) ?? str(e.firstTimestamp) ?? e.metadata.creationTimestamp ?? '';
      return { at, type: str(e.type) ?? 'Normal', reason: str(e.reason) ?? '', object: `${kind.toLowerCase()}/${name}`, message: str(e.message) ?? str(e.note) ?? '', count: num(e.count) || 1 };
    })
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, EVENTS_SHOWN);
}

export function project(store: Store, about: { namespace: string; context: string; connected: boolean; lesson?: LessonShape }): Picture {
  const pods = itemsOf(store, 'Pod');
  const claimed = new Set<string>();
  const picture: Picture = {
    namespace: about.namespace,
    context: about.context,
    connected: about.connected,
    deployments: deployments(store, pods, claimed),
    otherPods: pods.filter((p) => !claimed.has(p.metadata.uid ?? p.metadata.name)).map(podShape).sort(byName),
    services: services(store, pods),
    hpas: hpas(store),
    volumes: volumes(store),
    configMaps: itemsOf(store, 'ConfigMap').map((c) => c.metadata.name).filter((n) => n !== 'kube-root-ca.crt').sort(),
    // Names only, by construction: nothing else of a Secret is ever read here.
    secrets: itemsOf(store, 'Secret').map((s) => s.metadata.name).sort(),
    nodes: nodes(store),
    events: events(store),
  };
  if (about.lesson) picture.lesson = about.lesson;
  return picture;
}
