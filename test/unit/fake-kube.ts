import type { AccessQuestion, HttpResult, Kube, KubeObject, ListOptions, ObjectRef, ProxyTarget, WatchEvent, WatchHandle, WatchOptions } from '../../src/kube/types.js';

/**
 * An in-memory stand-in for the tutor's own Kube interface, for unit tests of the engine. Label
 * selectors support `k=v` and `k in (a,b)`. Writes notify watchers, like the API server does.
 * A proxy call with no scripted answer throws, so that a test never passes by accident.
 */
export class FakeKube implements Kube {
  readonly objects = new Map<string, KubeObject>();
  readonly calls: string[] = [];
  private readonly watchers = new Set<{ kind: string; onEvent: (e: WatchEvent) => void }>();
  private uid = 0;

  constructor(objects: KubeObject[] = [], readonly namespace = 'k8s-tutor', private readonly proxyAnswers: Record<string, HttpResult> = {}) {
    for (const object of objects) this.put(object);
  }

  private key(kind: string, name: string, namespace?: string): string {
    return `${kind}/${namespace ?? this.namespace}/${name}`;
  }

  put(object: KubeObject): KubeObject {
    const stored = structuredClone(object);
    stored.metadata.namespace ??= this.namespace;
    stored.metadata.uid ??= `uid-${++this.uid}`;
    stored.metadata.resourceVersion = String(++this.uid);
    const key = this.key(stored.kind, stored.metadata.name, stored.metadata.namespace);
    const existed = this.objects.has(key);
    this.objects.set(key, stored);
    this.emit({ type: existed ? 'MODIFIED' : 'ADDED', object: stored });
    return stored;
  }

  remove(kind: string, name: string): void {
    const key = this.key(kind, name);
    const object = this.objects.get(key);
    if (!object) return;
    this.objects.delete(key);
    this.emit({ type: 'DELETED', object });
  }

  private emit(event: WatchEvent): void {
    for (const w of this.watchers) if (w.kind === event.object.kind) w.onEvent(structuredClone(event));
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    this.calls.push(`get ${ref.kind}/${ref.name}`);
    const found = this.objects.get(this.key(ref.kind, ref.name, ref.namespace));
    return found ? structuredClone(found) : undefined;
  }

  async list(_apiVersion: string, kind: string, options: ListOptions = {}): Promise<KubeObject[]> {
    this.calls.push(`list ${kind}`);
    const namespace = options.namespace === null ? undefined : (options.namespace ?? this.namespace);
    return [...this.objects.values()]
      .filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace) && matchesSelector(o, options.labelSelector))
      .map((o) => structuredClone(o));
  }

  async apply(object: KubeObject): Promise<KubeObject> {
    this.calls.push(`apply ${object.kind}/${object.metadata.name}`);
    return this.put(object);
  }

  async patch(ref: ObjectRef, patch: unknown): Promise<KubeObject> {
    this.calls.push(`patch ${ref.kind}/${ref.name}`);
    const current = await this.get(ref);
    if (!current) throw Object.assign(new Error('not found'), { code: 404 });
    return this.put(deepMerge(current, patch) as KubeObject);
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    this.calls.push(`delete ${ref.kind}/${ref.name}`);
    const existed = this.objects.has(this.key(ref.kind, ref.name, ref.namespace));
    this.remove(ref.kind, ref.name);
    return existed;
  }

  watch(_apiVersion: string, kind: string, _options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle {
    const watcher = { kind, onEvent };
    this.watchers.add(watcher);
    return { ready: Promise.resolve(), stop: () => this.watchers.delete(watcher) };
  }

  async logs(pod: string): Promise<string> {
    return `log of ${pod}\n`;
  }

  async proxy(target: ProxyTarget, path: string): Promise<HttpResult> {
    const answer = this.proxyAnswers[`${target.kind}/${target.name}${path}`];
    if (!answer) throw new Error(`unexpected proxy ${target.kind}/${target.name}${path}`);
    return answer;
  }

  async serverVersion(): Promise<{ gitVersion: string }> {
    return { gitVersion: 'v1.34.4' };
  }

  async canI(_question: AccessQuestion): Promise<boolean> {
    return true;
  }

  get watcherCount(): number {
    return this.watchers.size;
  }
}

function matchesSelector(object: KubeObject, selector?: string): boolean {
  if (!selector) return true;
  const labels = object.metadata.labels ?? {};
  return selector.split(/,(?![^(]*\))/).every((term) => {
    const inMatch = /^\s*([\w./-]+)\s+in\s+\(([^)]*)\)\s*$/.exec(term);
    if (inMatch) return inMatch[2]!.split(',').map((s) => s.trim()).includes(labels[inMatch[1]!] ?? '');
    const [key, value] = term.split('=');
    return labels[key!.trim()] === value?.trim();
  });
}

function deepMerge(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(out[k], v);
  return out;
}

export function deployment(name: string, replicas: number, ready: number, extra: Partial<{ generation: number; observedGeneration: number; updated: number }> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, generation: extra.generation ?? 1, labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'fastapi-k8s:1.0.0' }] } } },
    status: { observedGeneration: extra.observedGeneration ?? 1, replicas, updatedReplicas: extra.updated ?? replicas, readyReplicas: ready, availableReplicas: ready },
  };
}

export function pod(name: string, app: string, ready = true): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app } },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], containerStatuses: [{ name: app, ready, restartCount: 0, state: { running: {} } }] },
  };
}

export function object(apiVersion: string, kind: string, name: string, extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name, ...metadata }, ...extra };
}

/** A cluster with everything the later lessons can use: metrics, a default StorageClass, an IngressClass, DNS. */
export function fullCluster(): KubeObject[] {
  return [
    object('apiregistration.k8s.io/v1', 'APIService', 'v1beta1.metrics.k8s.io', { status: { conditions: [{ type: 'Available', status: 'True' }] } }),
    object('storage.k8s.io/v1', 'StorageClass', 'standard', {}, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
    object('networking.k8s.io/v1', 'IngressClass', 'nginx'),
    object('v1', 'Service', 'kube-dns', { spec: { clusterIP: '10.96.0.10' } }, { namespace: 'kube-system' }),
  ];
}
