import { APP, DEPLOYMENT, IMAGE, features, formatTable, type KubeObject, type LessonContext } from '../kit.js';
import { loadBalancerAddOn } from '../lib/reach.js';

/**
 * The work behind lesson 3's steps: reading the course's k8s.yaml, and what an apply of it made.
 */

interface DeploymentShape {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        securityContext?: unknown;
        containers: { name: string; image: string; imagePullPolicy?: string; ports?: { name?: string; containerPort: number }[]; env?: { name: string; valueFrom?: unknown }[]; securityContext?: unknown }[];
        volumes?: { name: string; emptyDir?: unknown }[];
      };
    };
  };
}

/** The first object of `kind` in the learner's copy of k8s.yaml. */
export async function fromFile<T>(ctx: LessonContext, kind: string): Promise<KubeObject & T> {
  const [object] = (await ctx.manifest('k8s.yaml')).filter((o) => o.kind === kind);
  return object as KubeObject & T;
}

/** The Deployment in k8s.yaml, field by field, and the extras the course's copy carries beyond the guide's YAML. */
export async function readDeploymentFile(ctx: LessonContext): Promise<string[]> {
  const d = await fromFile<DeploymentShape>(ctx, 'Deployment');
  const c = d.spec.template.spec.containers[0]!;
  const fromApi = (c.env ?? []).filter((e) => e.valueFrom).map((e) => e.name);
  const scratch = (d.spec.template.spec.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name);
  return [
    `replicas: ${d.spec.replicas}            keep this many pods running, always`,
    `selector: app=${d.spec.selector.matchLabels.app}   the pods it owns are the ones with this label`,
    `template labels: app=${d.spec.template.metadata.labels.app}   each new pod gets them; they must match the selector`,
    `image: ${c.image}   the container each pod runs (pull policy ${c.imagePullPolicy ?? 'default'}: use the copy already on the node)`,
    `containerPort: ${c.ports?.[0]?.containerPort}${c.ports?.[0]?.name ? ` (named ${c.ports[0].name})` : ''}   the port the app listens on inside its pod`,
    '',
    'Beyond the guide\'s YAML, the course\'s copy carries a few extras, one sentence each:',
    `  the guide names the image fastapi-k8s:latest; the copy pins ${IMAGE}, the tag the tutor loaded into your cluster (either passes the check, if the image is on your nodes)`,
    ...(d.spec.template.spec.securityContext || c.securityContext ? ['  securityContext: the app runs as an ordinary user, on a read-only filesystem, with no extra privileges'] : []),
    ...(fromApi.length > 0 ? [`  env ${fromApi.join(', ')}: the downward API, so the pod can tell the app its own name, IP, node and namespace`] : []),
    ...(scratch.length > 0 ? [`  volumes ${scratch.join(', ')} (emptyDir): scratch folders that live exactly as long as the pod`] : []),
    '  label app.kubernetes.io/managed-by=k8s-tutor: marks the objects as the course\'s, so `k8s-tutor reset` knows what to delete',
  ];
}

/** The app's Deployment and its ReplicaSets that want pods, with READY counts; undefined while there is no Deployment. */
export async function deploymentAndReplicaSets(ctx: LessonContext): Promise<string[] | undefined> {
  const deployment = await ctx.kube.get(DEPLOYMENT);
  if (!deployment) return undefined;
  const sets = (await ctx.kube.list('apps/v1', 'ReplicaSet', { labelSelector: `app=${APP}` })).filter((rs) => (rs.spec as { replicas?: number }).replicas);
  const ready = (o: KubeObject) => `${(o.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0}/${(o.spec as { replicas?: number }).replicas ?? 0}`;
  return formatTable(['OBJECT', 'READY'], [[`deployment.apps/${APP}`, ready(deployment)], ...sets.map((rs) => [`replicaset.apps/${rs.metadata.name}`, ready(rs)])]);
}

/** Where this cluster's LoadBalancer Services get an address from, said for the learner's flavor. */
export async function loadBalancerHere(ctx: LessonContext): Promise<string> {
  const { loadBalancer } = await features(ctx);
  if (ctx.cluster.flavor === 'docker-desktop') return 'on Docker Desktop it answers on localhost, port 80';
  if (loadBalancer === 'yes') return `your cluster (${ctx.cluster.flavor}) gives it an address you can reach from your machine`;
  if (loadBalancer === 'maybe') return `on ${ctx.cluster.flavor} it gets an outside address only with ${loadBalancerAddOn(ctx.cluster.flavor)}; without it, it stays <pending>, which is harmless here`;
  return 'this cluster has no load balancer, so its EXTERNAL-IP stays <pending>; it still works inside the cluster, and the tutor reaches it through the API server';
}
