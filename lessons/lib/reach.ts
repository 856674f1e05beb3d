import type { Flavor, KubeObject, LessonContext } from '../engine.js';
import { features } from './deployment.js';

/**
 * How the learner reaches a LoadBalancer Service from their own machine, said as it is on their
 * cluster: the address it really got, or why it has none, and a command that works either way.
 */

/** The address a LoadBalancer Service got (status.loadBalancer.ingress), if any. */
export function externalAddress(service: KubeObject | undefined): string | undefined {
  const ingress = (service?.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)?.loadBalancer?.ingress ?? [];
  return ingress.map((i) => i.hostname ?? i.ip).find(Boolean);
}

/** What hands out load-balancer addresses on this flavor of cluster, when nothing does yet. */
export function loadBalancerAddOn(flavor: Flavor): string {
  if (flavor === 'minikube') return '`minikube tunnel` running in another terminal';
  if (flavor === 'kind') return 'cloud-provider-kind running beside it';
  return 'a load-balancer add-on such as MetalLB';
}

/** One true sentence about the Service's EXTERNAL-IP on this cluster. */
export async function externalSentence(ctx: LessonContext, service: KubeObject | undefined): Promise<string> {
  const address = externalAddress(service);
  if (address) return `EXTERNAL-IP is ${address}: from your machine, http://${address}/ reaches the Service${ctx.cluster.flavor === 'docker-desktop' ? ' (Docker Desktop maps it to localhost)' : ''}.`;
  const { loadBalancer } = await features(ctx);
  if (loadBalancer === 'no') return 'EXTERNAL-IP stays <pending>: nothing on this cluster hands out load-balancer addresses. The Service still works inside the cluster, and the tutor reaches it through the API server.';
  if (ctx.cluster.flavor === 'minikube' || ctx.cluster.flavor === 'kind') return `EXTERNAL-IP stays <pending> on ${ctx.cluster.flavor} without ${loadBalancerAddOn(ctx.cluster.flavor)}; the tutor reaches the Service through the API server instead.`;
  return 'EXTERNAL-IP is still <pending>: your cluster has not given the Service an outside address (yet). The tutor reaches it through the API server instead.';
}

/** A command that GETs `path` from the Service: curl on its outside address when it has one, else through the API server's proxy. */
export function requestCommand(service: KubeObject | undefined, name: string, port: number, path = '/'): string {
  const address = externalAddress(service);
  const rest = path.replace(/^\//, '');
  if (address) return `curl -s http://${address}${port === 80 ? '' : `:${port}`}/${rest}`;
  return `kubectl get --raw /api/v1/namespaces/{ns}/services/${name}:${port}/proxy/${rest}`;
}
