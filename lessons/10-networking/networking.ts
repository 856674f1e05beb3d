import { APP, detectFeatures, IMAGE, type CheckContext, type KubeObject } from '../kit.js';
import { inClusterReach, type ReachPlan } from '../lib/adapt.js';
import { requestPod } from './request-pod.js';

export const INTERNAL = 'fastapi-k8s-internal';
export const NODEPORT = 'fastapi-k8s-nodeport';
export const NET_TEST = 'net-test';

/**
 * How a pod reaches the app's ClusterIP Service on this cluster (by DNS name, or by the injected env
 * vars): fastapi-k8s-internal from services.yaml, else the guide's own fastapi-k8s (a LoadBalancer
 * Service has a ClusterIP too), so that a learner who typed only the guide's YAML gets a working command.
 */
export async function reachInternal(ctx: Pick<CheckContext, 'kube' | 'namespace'>): Promise<ReachPlan> {
  const [features, internal] = await Promise.all([
    detectFeatures(ctx.kube, 'generic'),
    ctx.kube.get({ apiVersion: 'v1', kind: 'Service', name: INTERNAL }),
  ]);
  const svc = internal ?? (await ctx.kube.get({ apiVersion: 'v1', kind: 'Service', name: APP }));
  const clusterIP = (svc?.spec as { clusterIP?: string } | undefined)?.clusterIP ?? '<ClusterIP>';
  return inClusterReach(features, { name: svc?.metadata.name ?? INTERNAL, namespace: ctx.namespace, clusterIP, port: 80 });
}

/** The request the test pod makes: print the answer, exit 1 unless it is a 2xx. */
export function fetchScript(plan: ReachPlan): string {
  return `fetch(${plan.urlExpression}).then(r=>r.text().then(t=>{console.log(r.status,t);process.exit(r.ok?0:1)}))`;
}

export function netTestPod(plan: ReachPlan, name = NET_TEST): KubeObject {
  return requestPod(name, IMAGE, fetchScript(plan));
}

export function kubectlRun(plan: ReachPlan, namespace: string): string {
  return `kubectl run ${NET_TEST} --image=${IMAGE} --image-pull-policy=Never --restart=Never -n ${namespace} --command -- node -e "${fetchScript(plan)}"`;
}
