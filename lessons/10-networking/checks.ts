import { APP, fail, fixByApplying, pass, type Check, type CheckContext, type KubeObject } from '../kit.js';

/**
 * Lesson 10's checks, by meaning rather than by one spelling:
 * - a NodePort Service, any name, that selects the app's pods and forwards to the app's port 8000
 *   (targetPort 8000, "8000" or the containerPort's name "http"); any nodePort, since the guide says
 *   it is optional (auto-assigned when omitted);
 * - an Ingress, any name (the guide's is my-ingress, the course's fastapi-k8s), with a backend that is
 *   a Service of the app, by port number or port name;
 * - a request from inside the cluster: some pod that is not the app printed the app's answer to
 *   GET / (its "server" field names one of the app's pods), created after the try-it began. A pod
 *   that ran `true` (or failed to connect) prints no answer and does not count. Latches.
 */

interface ServicePort { name?: string; port?: number; targetPort?: number | string; nodePort?: number }
interface ServiceSpec { type?: string; selector?: Record<string, string>; ports?: ServicePort[] }

const specOf = (svc: KubeObject) => (svc.spec ?? {}) as ServiceSpec;
const servesApp = (svc: KubeObject) => specOf(svc).selector?.app === APP;
/** The port forwards to the app's port: 8000 by number, or "http", the name of its containerPort 8000. */
export const reachesApp = (p: ServicePort) => String(p.targetPort ?? p.port) === '8000' || p.targetPort === 'http';

const servicesFix = fixByApplying('services.yaml');

export const NODEPORT_NAME = `a NodePort Service in front of ${APP} (to its port 8000)`;

export function nodePortOf(services: KubeObject[]): { service: KubeObject; port: ServicePort } | undefined {
  for (const svc of services) {
    if (specOf(svc).type !== 'NodePort' || !servesApp(svc)) continue;
    const port = (specOf(svc).ports ?? []).find(reachesApp);
    if (port) return { service: svc, port };
  }
  return undefined;
}

export const nodePortService: Check = {
  name: NODEPORT_NAME,
  watches: [{ apiVersion: 'v1', kind: 'Service' }],
  async evaluate(ctx) {
    const services = await ctx.kube.list('v1', 'Service');
    const found = nodePortOf(services);
    if (found) return pass(NODEPORT_NAME, `Service ${found.service.metadata.name}: NodePort ${found.port.nodePort ?? '(being assigned)'} → port ${found.port.port} → the app's ${String(found.port.targetPort ?? found.port.port)}`);
    const nodePorts = services.filter((s) => specOf(s).type === 'NodePort');
    return fail(NODEPORT_NAME, nodePorts.length === 0
      ? `no Service of type NodePort in namespace ${ctx.namespace}: the step "apply the Services" is not done`
      : `Service ${nodePorts[0]!.metadata.name} is a NodePort, but it does not select app=${APP} with a targetPort of 8000`, {
      path: 'spec.type', expected: 'NodePort, selector app=fastapi-k8s, targetPort 8000', actual: nodePorts.length === 0 ? 'none' : nodePorts.map((s) => s.metadata.name).join(', '),
      fix: servicesFix.create!(ctx),
    });
  },
};

interface Backend { service?: { name?: string; port?: { number?: number; name?: string } } }
interface IngressSpec { defaultBackend?: Backend; rules?: { http?: { paths?: { backend?: Backend }[] } }[] }

/** The backends of an Ingress: its default one and every rule's paths'. */
export function backendsOf(ingress: KubeObject): Backend[] {
  const spec = (ingress.spec ?? {}) as IngressSpec;
  return [...(spec.defaultBackend ? [spec.defaultBackend] : []), ...(spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend ?? {}))];
}

/** An Ingress backend that is a port of one of the app's Services. */
export function routesToApp(ingress: KubeObject, services: KubeObject[]): string | undefined {
  for (const backend of backendsOf(ingress)) {
    const svc = services.find((s) => s.metadata.name === backend.service?.name && servesApp(s));
    const port = svc && (specOf(svc).ports ?? []).find((p) => p.port === backend.service?.port?.number || (p.name !== undefined && p.name === backend.service?.port?.name));
    if (svc && port) return `${svc.metadata.name}:${port.port}`;
  }
  return undefined;
}

export const INGRESS_NAME = `an Ingress that routes to a Service of ${APP}`;

export const ingressToApp: Check = {
  name: INGRESS_NAME,
  watches: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' }, { apiVersion: 'v1', kind: 'Service' }],
  async evaluate(ctx) {
    const [ingresses, services] = await Promise.all([ctx.kube.list('networking.k8s.io/v1', 'Ingress'), ctx.kube.list('v1', 'Service')]);
    for (const ingress of ingresses) {
      const target = routesToApp(ingress, services);
      if (target) return pass(INGRESS_NAME, `Ingress ${ingress.metadata.name} routes to Service ${target}`);
    }
    return fail(INGRESS_NAME, ingresses.length === 0
      ? `no Ingress in namespace ${ctx.namespace}: the step "apply the Services" is not done`
      : `Ingress ${ingresses.map((i) => i.metadata.name).join(', ')} routes to no Service of ${APP} (check backend.service.name and port)`, {
      path: 'spec.rules[].http.paths[].backend.service', expected: `a Service selecting app=${APP}, by port number or name`, actual: ingresses.length === 0 ? 'no Ingress' : 'another backend',
      fix: servicesFix.create!(ctx),
    });
  },
};

export const REQUEST_NAME = `a pod inside the cluster got an answer from ${APP} through its Service`;

/** The app pod that answered, when a log holds the app's answer to GET / ({"message": "Hello from …", "server": POD}). */
export function answeredBy(log: string): string | undefined {
  if (!log.includes(`Hello from ${APP}`)) return undefined;
  return /"server"\s*:\s*"([^"]+)"/.exec(log)?.[1];
}

/** The in-cluster request check; `fix` is the command the lesson prints (it depends on the cluster's DNS). */
export function inClusterAnswer(fix: (ctx: CheckContext) => Promise<string>): Check {
  return {
    name: REQUEST_NAME,
    latch: true,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    async baseline() {
      return { since: new Date(Date.now() - 1000).toISOString() };
    },
    async evaluate(ctx) {
      const since = Date.parse((ctx.baseline as { since?: string } | undefined)?.since ?? '') || 0;
      const pods = await ctx.kube.list('v1', 'Pod');
      const candidates = pods.filter((p) => p.metadata.labels?.app !== APP && Date.parse(p.metadata.creationTimestamp ?? '') >= since);
      for (const pod of candidates) {
        // A pod that has not started has no log yet; another may have one.
        const log = await ctx.kube.logs(pod.metadata.name).catch(() => '');
        const server = answeredBy(log);
        if (server) return pass(REQUEST_NAME, `pod ${pod.metadata.name} printed the app's answer, from pod ${server}`);
      }
      const tried = candidates.map((p) => p.metadata.name);
      return fail(REQUEST_NAME, tried.length === 0
        ? `no pod has been run since ${new Date(since).toISOString()}: the step "run a one-shot pod that fetches the Service" is not done`
        : `pod ${tried.join(', ')} printed no answer from ${APP} (kubectl logs ${tried[0]} -n ${ctx.namespace} shows what it got): the step "run a one-shot pod that fetches the Service" is not done`, {
        path: 'logs', expected: `the app's answer ("Hello from ${APP}!")`, actual: tried.length === 0 ? 'no new pod' : 'no answer', fix: await fix(ctx), ...(tried.length ? { involvedPods: tried } : {}),
      });
    },
  };
}
