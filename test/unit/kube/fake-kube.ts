import type { Kube, KubeObject, ObjectRef } from '../../../src/kube/types.js';

/**
 * A Kube that answers get/list from a fixed set of objects and records writes. Anything a test
 * does not expect (watch, logs, proxy) throws, so that a test never passes by accident.
 */
export class FakeKube implements Kube {
  readonly applied: KubeObject[] = [];

  constructor(private readonly objects: KubeObject[], readonly namespace = 'k8s-tutor', private readonly proxyAnswers: Record<string, { status: number; body: string }> = {}) {}

  private matches(o: KubeObject, apiVersion: string, kind: string, namespace: string | null | undefined): boolean {
    return o.apiVersion === apiVersion && o.kind === kind && (namespace === null || o.metadata.namespace === undefined || o.metadata.namespace === (namespace ?? this.namespace));
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    return this.objects.find((o) => this.matches(o, ref.apiVersion, ref.kind, ref.namespace) && o.metadata.name === ref.name);
  }

  async list(apiVersion: string, kind: string, options: { namespace?: string | null; labelSelector?: string } = {}): Promise<KubeObject[]> {
    const [key, value] = (options.labelSelector ?? '').split('=');
    return this.objects.filter((o) => this.matches(o, apiVersion, kind, options.namespace) && (!key || o.metadata.labels?.[key] === value));
  }

  async apply(object: KubeObject): Promise<KubeObject> {
    this.applied.push(object);
    return object;
  }

  async proxy(target: { kind: string; name: string; port: number | string }, path: string): Promise<{ status: number; body: string }> {
    const answer = this.proxyAnswers[`${target.kind}/${target.name}${path}`];
    if (!answer) throw new Error(`unexpected proxy ${target.kind}/${target.name}${path}`);
    return answer;
  }

  patch(): Promise<KubeObject> {
    throw new Error('unexpected patch');
  }
  delete(): Promise<boolean> {
    throw new Error('unexpected delete');
  }
  watch(): never {
    throw new Error('unexpected watch');
  }
  logs(): Promise<string> {
    throw new Error('unexpected logs');
  }
  serverVersion(): Promise<{ gitVersion: string }> {
    return Promise.resolve({ gitVersion: 'v1.34.0' });
  }
  canI(): Promise<boolean> {
    return Promise.resolve(true);
  }
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
