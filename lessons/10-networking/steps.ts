import { acceptsAsLocal, APP, appPods, features, formatTable, isApiError, SERVICE_HEADER, serviceRow, type KubeObject, type LessonContext } from '../kit.js';
import type { ReachPlan } from '../lib/adapt.js';
import { nodePortOf } from './checks.js';
import { NET_TEST, netTestPod, reachInternal } from './networking.js';

/**
 * The work behind lesson 10's steps: the cluster reads (and the one request from this machine) that
 * its steps show. The words around what they find stay in lesson.ts.
 */

const INGRESS = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: APP };

/** What a learner may not read (403) is left out of an explanation instead of ending the lesson. */
function noneIfForbidden(error: unknown): KubeObject[] {
  if (isApiError(error, 403)) return [];
  throw error;
}

/** NodePort numbers are cluster-wide: say plainly when another namespace already holds 30080. */
export async function nodePortHolder(ctx: Parameters<typeof reachInternal>[0]): Promise<string | undefined> {
  // With a namespaced Role there is no cluster-wide list: go on, and a taken port shows as the apply's own error.
  const services = await ctx.kube.list('v1', 'Service', { namespace: null }).catch(noneIfForbidden);
  const holder = services.find((s) => s.metadata.namespace !== ctx.namespace && ((s.spec as { ports?: { nodePort?: number }[] }).ports ?? []).some((p) => p.nodePort === 30080));
  return holder ? `${holder.metadata.namespace}/${holder.metadata.name}` : undefined;
}

/** GET / on host:port from this machine: the first line of the answer, or undefined when nothing answered within 2 s. */
async function knock(host: string, port: number): Promise<string | undefined> {
  try {
    const answer = await fetch(`http://${host}:${port}/`, { signal: AbortSignal.timeout(2000) });
    return `http://${host}:${port}/ answered ${answer.status}: ${(await answer.text()).trim().slice(0, 80)}`;
  } catch {
    return undefined;
  }
}

/**
 * Knocks on the NodePort from this machine: on localhost (where Docker Desktop, k3d and the local test
 * cluster map it), then on the first node's own address, only on a cluster the guard takes for local
 * (kind's nodes are containers on a bridge: on Linux their addresses answer from the host; on macOS
 * and Windows the nodes sit in Docker's VM and only mapped ports do). Sets {nodeAddress} to the one that answered.
 */
export async function knockOnNodePort(ctx: LessonContext, port: number, nodeIP: string | undefined): Promise<string[]> {
  ctx.vars.nodeAddress = 'localhost';
  const local = await knock('127.0.0.1', port);
  if (local) return [local];
  const missed = `http://127.0.0.1:${port}/ did not answer: this cluster does not map its node ports to localhost.`;
  if (!nodeIP || !acceptsAsLocal(ctx.cluster)) return [missed, "From the node itself (or with a port mapping) it would."];
  const direct = await knock(nodeIP, port);
  if (!direct) return [missed, `http://${nodeIP}:${port}/ (the node's own address) did not answer either: on macOS and Windows the nodes run inside Docker's VM, where only ports mapped to localhost reach them.`];
  ctx.vars.nodeAddress = nodeIP;
  return [missed, direct, `The node's own address answers from here (on Linux a ${ctx.cluster.flavor} node is reachable from the host; on macOS and Windows it would not be).`];
}

/** `kubectl get svc -l app=…`, ClusterIP first, then NodePort, then LoadBalancer. */
export async function serviceTableByType(ctx: LessonContext): Promise<string[]> {
  const services = await ctx.kube.list('v1', 'Service', { labelSelector: `app=${APP}` });
  const order = ['ClusterIP', 'NodePort', 'LoadBalancer'];
  services.sort((a, b) => order.indexOf(String((a.spec as { type?: string }).type)) - order.indexOf(String((b.spec as { type?: string }).type)));
  return formatTable(SERVICE_HEADER, services.map((s) => serviceRow(s)));
}

type ServicePort = NonNullable<ReturnType<typeof nodePortOf>>['port'];

/** The real numbers along the way in: a node's IP and the NodePort, the ClusterIP and port, a pod's IP and the targetPort. */
export interface RealPorts {
  nodeIP: string;
  nodePort: ServicePort['nodePort'];
  clusterIP: string;
  port: ServicePort['port'];
  podIP: string;
  targetPort: ServicePort['targetPort'];
}

/** The first node's InternalIP, when the learner may list nodes. */
export async function firstNodeIP(ctx: LessonContext): Promise<string | undefined> {
  const nodes = await ctx.kube.list('v1', 'Node', { namespace: null }).catch(noneIfForbidden);
  return ((nodes[0]?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address;
}

/** The app's NodePort Service's real ports, or undefined while there is none. */
export async function realPorts(ctx: LessonContext): Promise<RealPorts | undefined> {
  const [services, pods] = await Promise.all([ctx.kube.list('v1', 'Service'), appPods(ctx)]);
  const found = nodePortOf(services);
  if (!found) return undefined;
  const { service: svc, port } = found;
  const nodeIP = (await firstNodeIP(ctx)) ?? '<node-ip>';
  const pod = pods[0] as KubeObject | undefined;
  const podIP = (pod?.status as { podIP?: string } | undefined)?.podIP ?? '?';
  const clusterIP = (svc.spec as { clusterIP?: string } | undefined)?.clusterIP ?? '?';
  return { nodeIP, nodePort: port?.nodePort, clusterIP, port: port?.port, podIP, targetPort: port?.targetPort };
}

/** The app's NodePort (30080 while there is none), set as {nodePort}. */
export async function pickNodePort(ctx: LessonContext): Promise<number> {
  const nodePort = nodePortOf(await ctx.kube.list('v1', 'Service'))?.port.nodePort ?? 30080;
  ctx.vars.nodePort = String(nodePort);
  return nodePort;
}

/** What `kubectl get ingress` shows of one Ingress. */
export interface IngressRow {
  name: string;
  className: string;
  host: string;
  address: string;
}

/** The course's Ingress, else the first one there (the guide's is called my-ingress), with the cluster's features. */
export async function theIngress(ctx: LessonContext): Promise<{ f: Awaited<ReturnType<typeof features>>; ingress?: IngressRow }> {
  const [named, all, f] = await Promise.all([ctx.kube.get(INGRESS), ctx.kube.list('networking.k8s.io/v1', 'Ingress'), features(ctx)]);
  const ingress = named ?? all[0];
  if (!ingress) return { f };
  const host = ((ingress.spec as { rules?: { host?: string }[] } | undefined)?.rules ?? []).map((r) => r.host ?? '*').join(',') || '*';
  const address = ((ingress?.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).join(',');
  const className = (ingress?.spec as { ingressClassName?: string } | undefined)?.ingressClassName ?? f.ingressClass ?? '<none>';
  return { f, ingress: { name: ingress.metadata.name, className, host, address } };
}

/** "Do it for me" of the try-it: the one-shot pod, under a fresh name when net-test is taken; set as {netPod}. */
export async function runNetTestPod(ctx: LessonContext): Promise<void> {
  const plan = await reachInternal(ctx);
  // kubectl run refuses a name that is taken: a second run of the lesson gets a fresh one.
  const taken = await ctx.kube.get({ apiVersion: 'v1', kind: 'Pod', name: NET_TEST });
  ctx.vars.netPod = taken ? `${NET_TEST}-${Date.now().toString(36).slice(-5)}` : NET_TEST;
  await ctx.kube.apply(netTestPod(plan, ctx.vars.netPod));
}

/** `kubectl logs {netPod}` (net-test unless set), with how the pod reached the Service. */
export async function netTestAnswer(ctx: LessonContext): Promise<{ plan: ReachPlan; output: string }> {
  const plan = await reachInternal(ctx);
  ctx.vars.netPod ??= NET_TEST;
  // A pod that was never run (the step was left for later) has no log: the step says so.
  const output = (await ctx.kube.logs(ctx.vars.netPod).catch(() => '')).trim();
  return { plan, output };
}
