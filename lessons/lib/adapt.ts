import { metricsServerInstall, NAMESPACE_LABEL, type ClusterFeatures, type Flavor, type KubeObject } from '../engine.js';
import { metricsServer } from '../outline.js';

export const METRICS_INSTALL = metricsServer.install;
export const METRICS_INSECURE_TLS = metricsServer.insecureTls;

/**
 * What the later lessons do differently on clusters without metrics-server, a default
 * StorageClass, an IngressClass or cluster DNS. Pure: it decides from detectFeatures' answer.
 */

/** How to get metrics-server, when it is missing (empty when it is there). */
export function metricsAdvice(features: ClusterFeatures, flavor: Flavor): string[] {
  if (features.metrics) return [];
  const { commands, insecureTlsBecause } = metricsServerInstall(flavor, metricsServer);
  const lines = ['metrics-server is not installed, so the metrics API (metrics.k8s.io) is not served here.'];
  if (insecureTlsBecause) lines.push(`Install it (${insecureTlsBecause}, so it also needs --kubelet-insecure-tls):`, ...commands.map((c) => `  ${c}`));
  else {
    lines.push(`Install it: ${commands[0]}`);
    if (commands[0] === METRICS_INSTALL) lines.push('If its pod stays unready with certificate errors in its logs, add --kubelet-insecure-tls:', `  ${METRICS_INSECURE_TLS}`);
  }
  lines.push('After a minute or two, `kubectl top pods` answers.');
  return lines;
}

export type StoragePlan =
  | { kind: 'dynamic'; storageClass: string }
  | { kind: 'hostPath'; volume: KubeObject; path: string };

/** A default StorageClass provisions the claim's volume; without one, the tutor offers a hostPath PV bound to the claim. */
export function storagePlan(features: ClusterFeatures, namespace: string, claim: string): StoragePlan {
  if (features.defaultStorageClass) return { kind: 'dynamic', storageClass: features.defaultStorageClass };
  const path = `/tmp/k8s-tutor/${namespace}-${claim}`;
  const volume: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `k8s-tutor-${namespace}-${claim}`.slice(0, 63), labels: { [NAMESPACE_LABEL]: namespace } },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: '',
      // Reserved for this one claim, so that nothing else in the cluster binds to it.
      claimRef: { namespace, name: claim },
      hostPath: { path, type: 'DirectoryOrCreate' },
    },
  };
  return { kind: 'hostPath', volume, path };
}

/**
 * A hostPath directory is created by the kubelet as root, so the app (user 10001) could not write
 * to it; on that path only, a root init container hands the directory to the app's user first.
 */
export function withDataDirOwner(deployment: KubeObject, image: string, mountName = 'data', mountPath = '/app/data'): KubeObject {
  const copy = structuredClone(deployment);
  const spec = (copy.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  spec.initContainers = [{
    name: 'data-owner',
    image,
    imagePullPolicy: 'Never',
    command: ['node', '-e', `require('fs').chownSync('${mountPath}', 10001, 10001)`],
    securityContext: { runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['CHOWN'] } },
    volumeMounts: [{ name: mountName, mountPath }],
  }];
  return copy;
}

export interface ServiceAddress {
  name: string;
  namespace: string;
  clusterIP: string;
  port: number;
}

export interface ReachPlan {
  by: 'dns' | 'environment';
  /** A JavaScript expression for the URL, as the request pod's `node -e` script uses it. */
  urlExpression: string;
  /** The URL as the learner reads it. */
  shown: string;
  why: string;
}

/** How a pod reaches a Service: by its DNS name when cluster DNS runs, else by the env vars the kubelet injects (the ClusterIP). */
export function inClusterReach(features: ClusterFeatures, service: ServiceAddress): ReachPlan {
  if (features.dns) {
    const url = `http://${service.name}:${service.port}/`;
    return { by: 'dns', urlExpression: `'${url}'`, shown: `${url}  (or ${service.name}.${service.namespace}.svc.cluster.local)`, why: 'cluster DNS (kube-dns) runs here, so the Service\'s name resolves to its ClusterIP' };
  }
  const prefix = service.name.toUpperCase().replace(/-/g, '_');
  return {
    by: 'environment',
    urlExpression: `'http://'+process.env.${prefix}_SERVICE_HOST+':'+process.env.${prefix}_SERVICE_PORT+'/'`,
    shown: `http://$${prefix}_SERVICE_HOST:$${prefix}_SERVICE_PORT/  (= http://${service.clusterIP}:${service.port}/)`,
    why: 'this cluster runs no DNS (no kube-dns Service), so names do not resolve; the kubelet still puts every Service\'s ClusterIP and port into new pods\' environment',
  };
}

/** What the learner should expect of an Ingress on this cluster. */
export function ingressOutlook(features: ClusterFeatures): { routed: boolean; lines: string[] } {
  if (features.ingressClass) {
    return { routed: true, lines: [`IngressClass ${features.ingressClass} is there: its controller will pick the Ingress up and give it an address.`] };
  }
  return {
    routed: false,
    lines: [
      'This cluster has no IngressClass, so no ingress controller watches Ingress objects.',
      'The Ingress is stored, but nothing routes it: its ADDRESS stays empty. That is expected here.',
      'To make it work you would install a controller, e.g. ingress-nginx (minikube: `minikube addons enable ingress`).',
    ],
  };
}

export interface HpaCeiling {
  max: number;
  /** Set when the guide's maximum was lowered, saying why. */
  reason?: string;
}

/**
 * The HPA's maximum for this cluster: the guide's number, unless the cluster's CPU cannot hold that
 * many pods at their request. Half the allocatable CPU is left to everything else on the cluster.
 */
export function hpaCeiling(wanted: number, minReplicas: number, allocatableMillicores: number, requestMillicores: number): HpaCeiling {
  if (requestMillicores <= 0 || allocatableMillicores <= 0) return { max: wanted };
  const fits = Math.floor(allocatableMillicores / 2 / requestMillicores);
  if (fits >= wanted) return { max: wanted };
  const max = Math.max(minReplicas + 1, fits);
  const cpus = allocatableMillicores / 1000;
  return {
    max,
    reason: `${wanted} pods × ${requestMillicores}m would ask for ${(wanted * requestMillicores) / 1000} CPUs; this cluster has ${cpus} allocatable, and half of it is kept for everything else, so the maximum here is ${max}`,
  };
}
