import { fail, pass, type Check } from '../../engine.js';
import { APP, DEPLOYMENT } from '../app.js';
import { appContainer } from '../deployment.js';
import { fixByApplying } from '../objects.js';

/**
 * The app's probes, by meaning (lessons 6 and 9): a liveness and a readiness probe that ask the app on its HTTP port
 * (8000, by number or by the name of a containerPort that is 8000), by HTTP GET on any path or by
 * opening a TCP connection. The guide's `httpGet: {path: /, port: 8000}` passes; so does the course's
 * manifest (/health and /ready on port 8000).
 */

export const APP_PORT = 8000;

interface PortShape {
  name?: string;
  containerPort?: number;
}
export interface ProbeShape {
  httpGet?: { path?: string; port?: number | string };
  tcpSocket?: { port?: number | string };
  grpc?: { port?: number };
  exec?: unknown;
}
export interface ProbedContainer {
  name: string;
  ports?: PortShape[];
  livenessProbe?: ProbeShape;
  readinessProbe?: ProbeShape;
}

/** The port number a probe's `port` means in this container (a number, a numeric string, or a port's name). */
export function resolvePort(port: number | string | undefined, container: Pick<ProbedContainer, 'ports'>): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined || port === '') return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** Why the probe does not ask the app on its HTTP port, or undefined when it does. */
export function probeProblem(probe: ProbeShape | undefined, container: Pick<ProbedContainer, 'ports'>): string | undefined {
  if (!probe) return 'is not set';
  const target = probe.httpGet ?? probe.tcpSocket;
  if (!target) return probe.exec ? 'runs a command; this lesson wants it to ask the app over HTTP (httpGet) on port 8000' : `does not use httpGet or tcpSocket on port ${APP_PORT}`;
  const port = resolvePort(target.port, container);
  if (port === undefined) return `names port "${String(target.port)}", which no containerPort of the container is called`;
  if (port !== APP_PORT) return `asks port ${port}; the app listens on ${APP_PORT}`;
  return undefined;
}

/** The path an httpGet probe asks (`/` when unset), or undefined for a TCP probe. */
export function probePath(probe: ProbeShape | undefined): string | undefined {
  return probe?.httpGet ? (probe.httpGet.path || '/') : undefined;
}

type ProbeField = 'livenessProbe' | 'readinessProbe';

/** The Deployment's container has each of `fields`, asking the app on its HTTP port; `file` is the fix. */
export function probesOnPort(fields: ProbeField[], file: string): Check {
  const fixes = fixByApplying(file);
  const NAME = fields.length === 2
    ? `Deployment ${APP}: a liveness and a readiness probe on the app's port ${APP_PORT}`
    : `Deployment ${APP}: a ${fields[0] === 'livenessProbe' ? 'liveness' : 'readiness'} probe on the app's port ${APP_PORT}`;
  return {
    name: NAME,
    watches: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
    async evaluate(ctx) {
      const deployment = await ctx.kube.get(DEPLOYMENT);
      if (!deployment) {
        return fail(NAME, `Deployment ${APP} does not exist in namespace ${ctx.namespace}`, { path: 'metadata.name', expected: APP, actual: undefined, fix: fixes.create!(ctx) });
      }
      const container = appContainer(deployment) as ProbedContainer | undefined;
      const problems = fields.flatMap((field) => {
        const problem = probeProblem(container?.[field], container ?? {});
        return problem ? [{ field, problem }] : [];
      });
      if (problems.length === 0) {
        const asks = (field: ProbeField) => `${field === 'livenessProbe' ? 'liveness' : 'readiness'} asks ${probePath(container?.[field]) ?? 'a TCP connect'}`;
        return pass(NAME, `${fields.map(asks).join(', ')}, ${fields.length === 2 ? 'both ' : ''}on port ${APP_PORT}`);
      }
      const [first] = problems;
      return fail(NAME, `Deployment ${APP}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, {
        path: `spec.template.spec.containers[${container?.name ?? APP}].${first!.field}`,
        expected: `httpGet (or tcpSocket) on port ${APP_PORT}`,
        actual: container?.[first!.field] ?? undefined,
        fix: fixes.create!(ctx),
      });
    },
  };
}

/** Lesson 6: both probes, fixed by its manifest. */
export const probesOnAppPort = probesOnPort(['livenessProbe', 'readinessProbe'], 'deployment-probes.yaml');
