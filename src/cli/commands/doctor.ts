import { detectFeatures } from '../../kube/features.js';
import { judgeContext } from '../../kube/guard.js';
import { describeError } from '../../kube/describe-error.js';
import type { Ui } from '../../ui/ui.js';
import type { CommandResult, Deps } from '../deps.js';
import { imageOnNodes } from '../../kube/images.js';

export type Level = 'ok' | 'warn' | 'fail';

export interface DoctorItem {
  name: string;
  level: Level;
  detail: string;
  hint?: string;
}

const RBAC: [verb: string, resource: string, group?: string][] = [
  ['create', 'deployments', 'apps'],
  ['patch', 'deployments', 'apps'],
  ['delete', 'pods'],
  ['get', 'pods/log'],
  ['create', 'services'],
  ['create', 'configmaps'],
  ['create', 'secrets'],
  ['create', 'persistentvolumeclaims'],
  ['create', 'horizontalpodautoscalers', 'autoscaling'],
  ['get', 'services/proxy'],
];

/** The preflight: everything a lesson may need, each with what to do when it is missing. Never fails the process. */
export async function runDoctor(deps: Deps): Promise<CommandResult<DoctorItem[]>> {
  const items: DoctorItem[] = [];
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  const nodeOk = major > 22 || (major === 22 && minor >= 19);
  items.push({ name: 'Node.js', level: nodeOk ? 'ok' : 'fail', detail: process.version, ...(nodeOk ? {} : { hint: 'Install Node 24 LTS.' }) });

  let session;
  try {
    session = await deps.connect({ writes: false });
  } catch (error) {
    const { message, hint } = describeError(error);
    items.push({ name: 'kubeconfig', level: 'fail', detail: message, hint });
    return { data: items, exitCode: 0 };
  }
  const { kube, cluster } = session;
  items.push({ name: 'kubeconfig', level: 'ok', detail: `context ${cluster.name}, user ${cluster.user}` });
  const guard = judgeContext(cluster, deps.global.allowContext);
  items.push({ name: 'cluster flavor', level: guard.allowed ? 'ok' : 'warn', detail: `${cluster.flavor}: ${guard.reason}`, ...(guard.allowed ? {} : { hint: `Lessons will refuse this cluster unless you add --allow-context ${cluster.name}.` }) });

  try {
    const version = await kube.serverVersion();
    items.push({ name: 'server', level: 'ok', detail: `${cluster.server} answers, Kubernetes ${version.gitVersion}` });
  } catch (error) {
    const { message, hint } = describeError(error, cluster.server);
    items.push({ name: 'server', level: 'fail', detail: message, hint });
    return { data: items, exitCode: 0 };
  }

  const ns = await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: kube.namespace }).catch(() => undefined);
  items.push({ name: 'namespace', level: ns ? 'ok' : 'warn', detail: ns ? `${kube.namespace} exists` : `${kube.namespace} does not exist yet`, ...(ns ? {} : { hint: 'Lesson 1 creates it.' }) });

  const answers = await Promise.all(RBAC.map(([verb, resource, group]) => kube.canI({ verb, resource, group }).catch(() => false)));
  const denied = RBAC.filter((_, i) => !answers[i]).map(([verb, resource]) => `${verb} ${resource}`);
  items.push({ name: 'permissions', level: denied.length ? 'fail' : 'ok', detail: denied.length ? `not allowed: ${denied.join(', ')}` : `all ${RBAC.length} the lessons need`, ...(denied.length ? { hint: 'Use an admin context, or bind the Role in manifests/rbac-minimum.yaml.' } : {}) });

  const features = await detectFeatures(kube, cluster.flavor);
  items.push({ name: 'metrics-server', level: features.metrics ? 'ok' : 'warn', detail: features.metrics ? 'metrics.k8s.io is served' : 'not installed: `kubectl top` and the HPA lesson need it', ...(features.metrics ? {} : { hint: 'kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml (Docker Desktop also needs --kubelet-insecure-tls)' }) });
  items.push({ name: 'storage', level: features.defaultStorageClass ? 'ok' : 'warn', detail: features.defaultStorageClass ? `default StorageClass ${features.defaultStorageClass}` : 'no default StorageClass: the storage lesson will offer a hostPath volume' });
  items.push({ name: 'load balancer', level: features.loadBalancer === 'no' ? 'warn' : 'ok', detail: { yes: 'LoadBalancer Services get an address here', maybe: 'LoadBalancer Services may stay <pending> (the lessons use the API server proxy instead)', no: 'no LoadBalancer support (the lessons use the API server proxy instead)' }[features.loadBalancer] });
  items.push({ name: 'ingress', level: features.ingressClass ? 'ok' : 'warn', detail: features.ingressClass ? `IngressClass ${features.ingressClass}` : 'no IngressClass: an Ingress will stay without an address' });
  items.push({ name: 'dns', level: features.dns ? 'ok' : 'warn', detail: features.dns ? 'cluster DNS (kube-dns) is there' : 'no cluster DNS: lessons reach Services by IP' });
  const image = await imageOnNodes(kube).catch(() => undefined);
  items.push({ name: 'sample image', level: image === false ? 'warn' : 'ok', detail: image === undefined ? 'cannot list nodes to look' : image ? 'fastapi-k8s:1.0.0 is on a node' : 'fastapi-k8s:1.0.0 is not in the cluster yet', ...(image === false ? { hint: 'Lesson 3 loads it for you.' } : {}) });
  return { data: items, exitCode: 0 };
}

const SYMBOL: Record<Level, 'ok' | 'warn' | 'bad'> = { ok: 'ok', warn: 'warn', fail: 'bad' };

export function renderDoctor(ui: Ui, items: DoctorItem[]): void {
  for (const item of items) {
    ui[SYMBOL[item.level]](`${item.name.padEnd(15)} ${item.detail}`);
    if (item.hint) ui.dim(item.hint);
  }
}
