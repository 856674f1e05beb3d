/** URL paths for the kinds the tutor uses, so that watches need no discovery round trip. */

interface Resource {
  plural: string;
  namespaced: boolean;
}

const RESOURCES: Record<string, Resource> = {
  Pod: { plural: 'pods', namespaced: true },
  Service: { plural: 'services', namespaced: true },
  ConfigMap: { plural: 'configmaps', namespaced: true },
  Secret: { plural: 'secrets', namespaced: true },
  Event: { plural: 'events', namespaced: true },
  PersistentVolumeClaim: { plural: 'persistentvolumeclaims', namespaced: true },
  ServiceAccount: { plural: 'serviceaccounts', namespaced: true },
  Endpoints: { plural: 'endpoints', namespaced: true },
  Deployment: { plural: 'deployments', namespaced: true },
  ReplicaSet: { plural: 'replicasets', namespaced: true },
  StatefulSet: { plural: 'statefulsets', namespaced: true },
  DaemonSet: { plural: 'daemonsets', namespaced: true },
  Job: { plural: 'jobs', namespaced: true },
  HorizontalPodAutoscaler: { plural: 'horizontalpodautoscalers', namespaced: true },
  Ingress: { plural: 'ingresses', namespaced: true },
  EndpointSlice: { plural: 'endpointslices', namespaced: true },
  Role: { plural: 'roles', namespaced: true },
  RoleBinding: { plural: 'rolebindings', namespaced: true },
  Namespace: { plural: 'namespaces', namespaced: false },
  Node: { plural: 'nodes', namespaced: false },
  PersistentVolume: { plural: 'persistentvolumes', namespaced: false },
  StorageClass: { plural: 'storageclasses', namespaced: false },
  IngressClass: { plural: 'ingressclasses', namespaced: false },
  ClusterRole: { plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { plural: 'clusterrolebindings', namespaced: false },
  APIService: { plural: 'apiservices', namespaced: false },
  PodMetrics: { plural: 'pods', namespaced: true },
  NodeMetrics: { plural: 'nodes', namespaced: false },
};

export function resourceOf(kind: string): Resource {
  return RESOURCES[kind] ?? { plural: `${kind.toLowerCase()}s`, namespaced: true };
}

export function isNamespaced(kind: string): boolean {
  return resourceOf(kind).namespaced;
}

/** /api/v1/namespaces/NS/pods or /apis/apps/v1/deployments (namespace null: all namespaces). */
export function collectionPath(apiVersion: string, kind: string, namespace: string | null): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const { plural, namespaced } = resourceOf(kind);
  return namespaced && namespace ? `${base}/namespaces/${namespace}/${plural}` : `${base}/${plural}`;
}
