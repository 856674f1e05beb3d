/**
 * The course outline, in the guide's order: one row per lesson with what menus, `list`, `--help` and
 * `doctor` need, and what the lesson needs from a cluster. Plain data that imports nothing, so the kit,
 * lessons/lib and the engine can all read it without loading a lesson (lessons/catalog.ts loads them).
 */

/**
 * An API permission, as `kubectl auth can-i` takes it: `verb resource`, with `.group` for a resource
 * outside the core group (`create deployments.apps`) and `/sub` for a subresource (`get pods/log`).
 */
export type Access = string;

/**
 * What a cluster may or may not offer; a lesson that uses one adapts (or skips a part) without it.
 * `several-nodes`: the lesson does something else when there are several nodes (spread, drain, capacity
 * per node, a volume pinned to a node); CI's three-node pass runs these lessons (scripts/multinode-lessons.mjs).
 */
export type Feature = 'metrics' | 'storage' | 'load-balancer' | 'ingress' | 'dns' | 'several-nodes';

export interface LessonRequirements {
  /** Permissions in the course namespace the lesson cannot run without. */
  must: Access[];
  /** Permissions in the course namespace a part of it uses; without them that part is skipped. */
  uses: Access[];
  /** Cluster-wide permissions (reads) a part of it uses. */
  reads: Access[];
  features: Feature[];
  /** Whether it runs the course's app, and so needs the sample image in the cluster. */
  image: boolean;
  /** Whether the learner types kubectl in it (it has try-it steps). */
  kubectl: boolean;
}

export interface LessonInfo {
  id: string;
  number: number;
  title: string;
  aliases: string[];
  /** One line for menus. */
  summary: string;
  requires: LessonRequirements;
}

/** The course's app image, as its manifests name it: what the lessons load and doctor looks for. */
export const sampleImage = 'fastapi-k8s:1.0.0';

/**
 * How a cluster gets the `metrics` feature, as the guide installs it: metrics-server's manifest, and the
 * patch for kubelets whose serving certificates it cannot verify. Lessons 9 and 13 teach them; doctor advises them.
 */
export const metricsServer = {
  install: 'kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml',
  insecureTls: `kubectl patch deployment metrics-server -n kube-system --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--kubelet-insecure-tls"}]'`,
};

const NAMESPACE: Access[] = ['create namespaces', 'list pods'];
const APP: Access[] = [...NAMESPACE, 'create deployments.apps', 'patch deployments.apps', 'create services'];

/** A lesson that runs the course's app: the app's permissions and image, plus its own. */
const withApp = (own: Partial<LessonRequirements> = {}): LessonRequirements => ({
  must: [...APP, ...(own.must ?? [])],
  uses: own.uses ?? [],
  reads: own.reads ?? [],
  features: own.features ?? [],
  image: true,
  kubectl: own.kubectl ?? true,
});

export const outline: LessonInfo[] = [
  {
    id: 'what-is-kubernetes', number: 1, title: 'What is Kubernetes?', aliases: ['intro', 'k8s'],
    summary: 'Your cluster, its nodes and version, and the idea of desired state',
    requires: { must: NAMESPACE, uses: ['patch namespaces'], reads: ['list nodes'], features: [], image: false, kubectl: true },
  },
  {
    id: 'core-concepts', number: 2, title: 'Core Concepts', aliases: ['concepts', 'core'],
    summary: 'Pods, Deployments, Services, namespaces and labels, on live objects',
    requires: { must: [...NAMESPACE, 'create deployments.apps', 'create pods', 'delete pods'], uses: [], reads: [], features: [], image: true, kubectl: true },
  },
  {
    id: 'first-deployment', number: 3, title: 'Your First Deployment', aliases: ['deploy', 'first'],
    summary: 'The guide\'s Deployment (5 replicas, port 8000) and LoadBalancer Service (80 → 8000)',
    requires: withApp({ features: ['load-balancer'] }),
  },
  {
    id: 'deploying-and-verifying', number: 4, title: 'Deploying & Verifying', aliases: ['verify', 'verifying'],
    summary: 'Rollout status, reading pods and services, logs and events',
    requires: withApp({ uses: ['get pods/log', 'list events', 'create pods/exec'] }),
  },
  {
    id: 'scaling', number: 5, title: 'Scaling', aliases: ['scale'],
    summary: 'Many copies, and how the Service spreads traffic',
    requires: withApp({ uses: ['get services/proxy'], features: ['several-nodes'] }),
  },
  {
    id: 'self-healing', number: 6, title: 'Self-Healing', aliases: ['healing'],
    summary: 'Desired vs actual state, replacements, probes',
    requires: withApp({ must: ['delete pods'], uses: ['create pods/eviction'], reads: ['list nodes'], features: ['several-nodes'] }),
  },
  {
    id: 'rolling-updates', number: 7, title: 'Rolling Updates', aliases: ['rollout', 'updates'],
    summary: 'Zero-downtime change, history and undo',
    requires: withApp({ uses: ['get services/proxy'] }),
  },
  {
    id: 'resource-management', number: 8, title: 'Resource Management', aliases: ['resources'],
    summary: 'Requests, limits, scheduling and OOM kills',
    requires: withApp({ uses: ['list events'], reads: ['list nodes'], features: ['several-nodes'] }),
  },
  {
    id: 'monitoring', number: 9, title: 'Monitoring & Observability', aliases: ['observability'],
    summary: 'Logs, events, describe and top',
    requires: withApp({ uses: ['get pods/log', 'list events', 'get services/proxy'], features: ['metrics'] }),
  },
  {
    id: 'networking', number: 10, title: 'Networking', aliases: ['network', 'services'],
    summary: 'ClusterIP, NodePort, LoadBalancer and Ingress',
    requires: withApp({ uses: ['get services/proxy', 'create ingresses.networking.k8s.io', 'create pods'], features: ['load-balancer', 'ingress', 'dns'] }),
  },
  {
    id: 'config-and-secrets', number: 11, title: 'Configuration & Secrets', aliases: ['config', 'secrets'],
    summary: 'ConfigMaps and Secrets, as env and files',
    requires: withApp({ must: ['create configmaps', 'create secrets'], uses: ['get services/proxy'] }),
  },
  {
    id: 'persistent-storage', number: 12, title: 'Persistent Storage', aliases: ['storage'],
    summary: 'PVs, PVCs, and data that outlives a pod',
    requires: withApp({ must: ['create persistentvolumeclaims'], uses: ['get services/proxy'], reads: ['list storageclasses.storage.k8s.io', 'list persistentvolumes'], features: ['storage', 'several-nodes'] }),
  },
  {
    id: 'autoscaling', number: 13, title: 'Autoscaling', aliases: ['hpa'],
    summary: 'The HorizontalPodAutoscaler under load',
    requires: withApp({ must: ['create horizontalpodautoscalers.autoscaling'], uses: ['get services/proxy'], reads: ['list nodes'], features: ['metrics', 'several-nodes'] }),
  },
  {
    id: 'troubleshooting', number: 14, title: 'Troubleshooting', aliases: ['debug'],
    summary: 'Break it, diagnose it, fix it',
    requires: withApp({ must: ['delete pods'], uses: ['get pods/log', 'list events'] }),
  },
  {
    id: 'where-next', number: 15, title: 'Where Next', aliases: ['next'],
    summary: 'Helm, Kustomize, CI/CD and production',
    requires: withApp(),
  },
];

/** A lesson module's own id, number, title, aliases and summary, so that they are written once. */
export function about(id: string): Omit<LessonInfo, 'requires'> {
  const row = outline.find((l) => l.id === id);
  if (!row) throw new Error(`lesson ${id} is not in lessons/outline.ts`);
  const { requires: _requires, ...info } = row;
  return info;
}
