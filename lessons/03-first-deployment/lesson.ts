import { learnerManifest } from '../../src/course/workdir.js';
import { about } from '../catalog.js';
import { exists, matches } from '../../src/checks/object.js';
import { byName } from '../../src/checks/match.js';
import { replicasReady } from '../lib/app.js';
import { act, defineLesson, explain, waitFor } from '../../src/course/lesson.js';
import type { KubeObject } from '../../src/kube/types.js';
import { APP, DEPLOYMENT, SERVICE, namespaceNeed, sampleImageNeed, tryApply } from '../lib/app.js';

interface DeploymentShape {
  spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { spec: { containers: { name: string; image: string; imagePullPolicy?: string; ports?: { containerPort: number }[] }[] } } };
}
interface ServiceShape {
  spec: { type: string; selector: Record<string, string>; ports: { port: number; targetPort: number }[] };
}

export const deploymentAsInGuide = matches(
  DEPLOYMENT,
  {
    spec: {
      replicas: 5,
      selector: { matchLabels: { app: APP } },
      template: { metadata: { labels: { app: APP } }, spec: { containers: byName([{ name: APP, ports: [{ containerPort: 8000 }] }]) } },
    },
  },
  {
    name: 'Deployment fastapi-k8s: 5 replicas, port 8000',
    create: (ctx) => `kubectl apply -f ${learnerManifest('k8s.yaml')} -n ${ctx.namespace}`,
    fix: (m, ctx) => (m.path === 'spec.replicas' ? `kubectl scale deployment ${APP} --replicas=5 -n ${ctx.namespace}` : `kubectl apply -f ${learnerManifest('k8s.yaml')} -n ${ctx.namespace}`),
  },
);

export const serviceAsInGuide = matches(
  SERVICE,
  { spec: { type: 'LoadBalancer', selector: { app: APP }, ports: [{ port: 80, targetPort: 8000 }] } },
  { name: 'Service fastapi-k8s: LoadBalancer, 80 → 8000', create: (ctx) => `kubectl apply -f ${learnerManifest('k8s.yaml')} -n ${ctx.namespace}`, fix: (_m, ctx) => `kubectl apply -f ${learnerManifest('k8s.yaml')} -n ${ctx.namespace}` },
);

export default defineLesson({
  ...about('first-deployment'),
  needs: [namespaceNeed, sampleImageNeed],
  steps: [
    explain('The whole app is described in one file, {manifests}/k8s.yaml: a Deployment and a Service, separated by ---.'),
    act({
      say: 'Reading the Deployment in {manifests}/k8s.yaml',
      async run(ctx) {
        const [deployment] = (await ctx.manifest('k8s.yaml')).filter((o) => o.kind === 'Deployment') as unknown as (KubeObject & DeploymentShape)[];
        const c = deployment!.spec.template.spec.containers[0]!;
        return [
          `replicas: ${deployment!.spec.replicas}          keep this many pods running, always`,
          `selector: app=${deployment!.spec.selector.matchLabels.app}   the pods it owns are the ones with this label`,
          `image: ${c.image}   the container each pod runs (pull policy ${c.imagePullPolicy ?? 'default'}: use the copy already on the node)`,
          `containerPort: ${c.ports?.[0]?.containerPort}      the port the app listens on inside its pod`,
        ];
      },
    }),
    act({
      say: 'And the Service',
      async run(ctx) {
        const [service] = (await ctx.manifest('k8s.yaml')).filter((o) => o.kind === 'Service') as unknown as (KubeObject & ServiceShape)[];
        const port = service!.spec.ports[0]!;
        return [
          `type: ${service!.spec.type}   reachable from outside the cluster (on Docker Desktop: localhost)`,
          `port: ${port.port} → targetPort: ${port.targetPort}   callers use ${port.port}; the pods get it on ${port.targetPort}`,
          `selector: app=${service!.spec.selector.app}   traffic goes to every ready pod with this label`,
        ];
      },
    }),
    tryApply('k8s.yaml', {
      task: 'Apply the file with kubectl, in another terminal (from the k8s-tutor folder).',
      until: [exists(DEPLOYMENT), exists(SERVICE)],
      hints: ['kubectl apply -f <file> -n {ns}', 'kubectl apply -f {manifests}/k8s.yaml -n {ns}'],
    }),
    explain([
      'kubectl sent both objects to the API server, which stored them. Nothing is running yet:',
      'the Deployment controller now creates a ReplicaSet, which creates 5 pods, which the scheduler places on a node.',
    ]),
    waitFor({ say: 'Waiting for 5 pods to be Ready', until: [replicasReady(APP, 5)] }),
  ],
  check: [deploymentAsInGuide, serviceAsInGuide, replicasReady(APP, 5)],
  hints: ['kubectl apply -f {manifests}/k8s.yaml -n {ns}', 'kubectl get pods -n {ns}'],
});
