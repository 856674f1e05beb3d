import type { Flavor } from './flavor.js';
import type { Kube } from './types.js';

/** What optional parts this cluster has. Doctor shows them; later lessons adapt to them. */
export interface ClusterFeatures {
  /** metrics.k8s.io is served (metrics-server), so `kubectl top` and CPU-based HPAs work. */
  metrics: boolean;
  /** The default StorageClass's name, if any. */
  defaultStorageClass?: string;
  /** The default (or only) IngressClass's name, if any. */
  ingressClass?: string;
  /** A cluster DNS Service (kube-dns) exists. */
  dns: boolean;
  /** Whether a LoadBalancer Service gets an address here. */
  loadBalancer: 'yes' | 'maybe' | 'no';
}

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const DEFAULT_INGRESS = 'ingressclass.kubernetes.io/is-default-class';

const LOAD_BALANCER: Record<Flavor, ClusterFeatures['loadBalancer']> = {
  'docker-desktop': 'yes', 'rancher-desktop': 'yes', orbstack: 'yes', k3d: 'yes', colima: 'yes',
  minikube: 'maybe', kind: 'maybe', microk8s: 'maybe', generic: 'maybe', 'k8s-tutor-local': 'no',
};

// Each feature is optional: a read that fails (403 under a namespaced Role, or an API this cluster lacks)
// means "not found", so lessons adapt instead of stopping.
async function metricsServed(kube: Kube): Promise<boolean> {
  const api = await kube.get({ apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', name: 'v1beta1.metrics.k8s.io' }).catch(() => undefined);
  const conditions = (api?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Available' && c.status === 'True');
}

export async function detectFeatures(kube: Kube, flavor: Flavor): Promise<ClusterFeatures> {
  const [metrics, classes, ingressClasses, dns] = await Promise.all([
    metricsServed(kube),
    kube.list('storage.k8s.io/v1', 'StorageClass', { namespace: null }).catch(() => []),
    kube.list('networking.k8s.io/v1', 'IngressClass', { namespace: null }).catch(() => []),
    kube.get({ apiVersion: 'v1', kind: 'Service', name: 'kube-dns', namespace: 'kube-system' }).catch(() => undefined),
  ]);
  const defaultClass = classes.find((c) => c.metadata.annotations?.[DEFAULT_CLASS] === 'true');
  const ingress = ingressClasses.find((c) => c.metadata.annotations?.[DEFAULT_INGRESS] === 'true') ?? (ingressClasses.length === 1 ? ingressClasses[0] : undefined);
  return {
    metrics,
    ...(defaultClass ? { defaultStorageClass: defaultClass.metadata.name } : {}),
    ...(ingress ? { ingressClass: ingress.metadata.name } : {}),
    dns: Boolean(dns),
    loadBalancer: LOAD_BALANCER[flavor],
  };
}
