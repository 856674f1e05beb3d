import { APP, DEPLOYMENT, SERVICE, fail, fixByApplying, learnerManifest, matches, pass, type Check, type CheckContext, type KubeObject } from '../kit.js';

/**
 * Lesson 3's checks: the guide's Deployment and Service, by meaning. Whoever wrote the YAML (the
 * shipped k8s.yaml, or the guide's own, typed in, with fastapi-k8s:latest), what counts is: 5
 * replicas, the pods labelled app=fastapi-k8s and selected by it, a container that declares port
 * 8000, and a LoadBalancer Service on port 80 whose targetPort reaches 8000, as a number or as the
 * name of the container's port.
 */

export const APP_PORT = 8000;

interface PortShape {
  name?: string;
  containerPort?: number;
}
interface ContainerShape {
  name?: string;
  ports?: PortShape[];
}

export function containersOf(deployment: KubeObject | undefined): ContainerShape[] {
  return (deployment?.spec as { template?: { spec?: { containers?: ContainerShape[] } } } | undefined)?.template?.spec?.containers ?? [];
}

export type PortVerdict = { ok: true; resolved: number; how: string } | { ok: false; resolved?: number; why: string };

/**
 * Pure: where a Service port's targetPort leads, on pods built from these containers. A number is
 * the port itself; a name is looked up among the containers' named ports; none means "the same as
 * port" (the Service's own rule).
 */
export function targetPortReaches(targetPort: number | string | undefined, port: number, containers: ContainerShape[], want = APP_PORT): PortVerdict {
  let resolved: number | undefined;
  let how: string;
  if (targetPort === undefined) {
    resolved = port;
    how = `no targetPort, so the same as port (${port})`;
  } else if (typeof targetPort === 'number' || /^\d+$/.test(targetPort)) {
    resolved = Number(targetPort);
    how = `targetPort ${resolved}`;
  } else {
    const named = containers.flatMap((c) => c.ports ?? []).find((p) => p.name === targetPort);
    if (!named?.containerPort) return { ok: false, why: `targetPort "${targetPort}" names no port of the pod's containers (name the container port ${targetPort}, or use the number ${want})` };
    resolved = named.containerPort;
    how = `targetPort "${targetPort}", the container's port ${resolved}`;
  }
  if (resolved !== want) return { ok: false, resolved, why: `${how} does not reach the app, which listens on ${want}` };
  return { ok: true, resolved, how };
}

/** Pure: a container that declares the app's port (any container, any port name). */
export function declaresAppPort(containers: ContainerShape[], want = APP_PORT): boolean {
  return containers.some((c) => (c.ports ?? []).some((p) => p.containerPort === want));
}

const applyFix = fixByApplying('k8s.yaml');

const deploymentShape = matches(
  DEPLOYMENT,
  { spec: { replicas: 5, selector: { matchLabels: { app: APP } }, template: { metadata: { labels: { app: APP } } } } },
  {
    create: applyFix.create,
    fix: (m, ctx) => (m.path === 'spec.replicas' ? `kubectl scale deployment ${APP} --replicas=5 -n ${ctx.namespace}` : applyFix.fix!(m, ctx)),
  },
);

export const deploymentAsInGuide: Check = {
  name: 'Deployment fastapi-k8s: 5 replicas of pods labelled app=fastapi-k8s, port 8000',
  watches: deploymentShape.watches,
  async evaluate(ctx: CheckContext) {
    const name = deploymentAsInGuide.name;
    const shape = await deploymentShape.evaluate(ctx);
    if (!shape.passed) return { ...shape, name, message: shape.message };
    const containers = containersOf(await ctx.kube.get(DEPLOYMENT));
    if (!declaresAppPort(containers)) {
      return fail(name, `no container of Deployment ${APP} declares containerPort ${APP_PORT}, the port the app listens on`, {
        path: 'spec.template.spec.containers[*].ports', expected: `containerPort: ${APP_PORT}`, actual: containers.flatMap((c) => c.ports ?? []).map((p) => p.containerPort),
        fix: `kubectl apply -f ${learnerManifest('k8s.yaml')} -n ${ctx.namespace}`,
      });
    }
    return pass(name, `Deployment ${APP} asks for 5 replicas of pods labelled app=${APP}, port ${APP_PORT}`);
  },
};

const serviceShape = matches(SERVICE, { spec: { type: 'LoadBalancer', selector: { app: APP } } }, fixByApplying('k8s.yaml'));

export const serviceAsInGuide: Check = {
  name: 'Service fastapi-k8s: LoadBalancer, port 80 → the app\'s port 8000',
  watches: [...serviceShape.watches, ...deploymentShape.watches],
  async evaluate(ctx: CheckContext) {
    const name = serviceAsInGuide.name;
    const shape = await serviceShape.evaluate(ctx);
    if (!shape.passed) return { ...shape, name };
    const [service, deployment] = await Promise.all([ctx.kube.get(SERVICE), ctx.kube.get(DEPLOYMENT)]);
    const ports = (service?.spec as { ports?: { port: number; targetPort?: number | string }[] } | undefined)?.ports ?? [];
    const eighty = ports.find((p) => p.port === 80);
    const fix = `kubectl apply -f ${learnerManifest('k8s.yaml')} -n ${ctx.namespace}`;
    if (!eighty) return fail(name, `Service ${APP} has no port 80 (it has ${ports.map((p) => p.port).join(', ') || 'none'})`, { path: 'spec.ports[*].port', expected: 80, actual: ports.map((p) => p.port), fix });
    const verdict = targetPortReaches(eighty.targetPort, eighty.port, containersOf(deployment));
    if (!verdict.ok) return fail(name, `Service ${APP} port 80: ${verdict.why}`, { path: 'spec.ports[port=80].targetPort', expected: APP_PORT, actual: eighty.targetPort ?? eighty.port, fix });
    return pass(name, `Service ${APP} is a LoadBalancer; port 80 → ${verdict.how}`);
  },
};
