import {
  about, act, APP, applyManifest, appPods, ClusterError, defineLesson, deploymentNeed, explain, features, formatTable, isApiError, namespaceNeed,
  SERVICE_HEADER, serviceRow, tryIt, type KubeObject,
} from '../kit.js';
import { ingressOutlook } from '../lib/adapt.js';
import { inClusterAnswer, ingressToApp, nodePortOf, nodePortService } from './checks.js';
import { NET_TEST, kubectlRun, netTestPod, reachInternal } from './networking.js';

const INGRESS = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: APP };

const inClusterRequest = inClusterAnswer(async (ctx) => kubectlRun(await reachInternal(ctx), ctx.namespace));

/** What a learner may not read (403) is left out of an explanation instead of ending the lesson. */
function noneIfForbidden(error: unknown): KubeObject[] {
  if (isApiError(error, 403)) return [];
  throw error;
}

/** NodePort numbers are cluster-wide: say plainly when another namespace already holds 30080. */
async function nodePortHolder(ctx: Parameters<typeof reachInternal>[0]): Promise<string | undefined> {
  // With a namespaced Role there is no cluster-wide list: go on, and a taken port shows as the apply's own error.
  const services = await ctx.kube.list('v1', 'Service', { namespace: null }).catch(noneIfForbidden);
  const holder = services.find((s) => s.metadata.namespace !== ctx.namespace && ((s.spec as { ports?: { nodePort?: number }[] }).ports ?? []).some((p) => p.nodePort === 30080));
  return holder ? `${holder.metadata.namespace}/${holder.metadata.name}` : undefined;
}

async function tryLocalhost(port: number): Promise<string> {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
    return `http://127.0.0.1:${port}/ answered ${answer.status}: ${(await answer.text()).trim().slice(0, 80)}`;
  } catch {
    return `http://127.0.0.1:${port}/ did not answer from this machine: the node's ports are not mapped to localhost here. From the node itself (or with a port mapping) it would.`;
  }
}

export default defineLesson({
  ...about('networking'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'A Service is one stable address for a changing set of pods. Its type says who can reach it:',
      '  ClusterIP      only from inside the cluster (the default)',
      '  NodePort       also on a fixed port (30000–32767) of every node',
      '  LoadBalancer   also on an external address that the platform provides',
      'An Ingress is not a Service: it routes HTTP by host name and path to Services, through an ingress controller.',
    ]),
    tryIt({
      task: 'Apply {manifests}/services.yaml: a ClusterIP Service, a NodePort Service on 30080 and an Ingress. (The guide\'s own NodePort and Ingress YAML pass too, under any name: my-ingress for myapp.local is fine.)',
      until: [nodePortService, ingressToApp],
      hints: ['kubectl apply -f {manifests}/<file> -n {ns}', 'kubectl apply -f {manifests}/services.yaml -n {ns}'],
      kubectl: 'kubectl apply -f {manifests}/services.yaml -n {ns}',
      async doIt(ctx) {
        const holder = await nodePortHolder(ctx);
        if (holder) throw new ClusterError(`node port 30080 is already taken by Service ${holder}`, `Node ports are shared by the whole cluster. Free it (kubectl delete svc -n ${holder.replace('/', ' ')}) or run this lesson in that namespace.`);
        for (const line of await applyManifest(ctx, 'services.yaml')) ctx.ui.dim(line);
      },
    }),
    act({
      say: 'All three Services side by side',
      kubectl: `kubectl get svc -l app=${APP} -n {ns}`,
      async run(ctx) {
        const services = await ctx.kube.list('v1', 'Service', { labelSelector: `app=${APP}` });
        const order = ['ClusterIP', 'NodePort', 'LoadBalancer'];
        services.sort((a, b) => order.indexOf(String((a.spec as { type?: string }).type)) - order.indexOf(String((b.spec as { type?: string }).type)));
        const f = await features(ctx);
        return [
          ...formatTable(SERVICE_HEADER, services.map((s) => serviceRow(s))),
          '',
          'Each type adds to the one before: the NodePort and LoadBalancer Services have a ClusterIP too.',
          f.loadBalancer === 'yes' ? 'On this kind of cluster a LoadBalancer gets an address (often localhost).'
            : `EXTERNAL-IP <pending> means nothing here hands out load balancer addresses (${ctx.cluster.flavor}); cloud clusters do.`,
        ];
      },
    }),
    act({
      say: 'port, targetPort and containerPort, with your real values',
      async run(ctx) {
        const [services, pods] = await Promise.all([ctx.kube.list('v1', 'Service'), appPods(ctx)]);
        const found = nodePortOf(services);
        if (!found) return ['No NodePort Service of the app yet (the step above was left for later), so there are no real values to show.'];
        const { service: svc, port } = found;
        const nodes = await ctx.kube.list('v1', 'Node', { namespace: null }).catch(noneIfForbidden);
        const nodeIP = ((nodes[0]?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '<node-ip>';
        const pod = pods[0] as KubeObject | undefined;
        const podIP = (pod?.status as { podIP?: string } | undefined)?.podIP ?? '?';
        const clusterIP = (svc.spec as { clusterIP?: string } | undefined)?.clusterIP ?? '?';
        return [
          `${nodeIP}:${port?.nodePort}  ──►  ${clusterIP}:${port?.port}  ──►  ${podIP}:${port?.targetPort}  ──►  container :8000`,
          '  nodePort            port (Service)        targetPort (pod)        containerPort',
          '',
          'port is what callers of the Service use; targetPort is where the Service sends it on the pod;',
          'containerPort only documents where the app listens. targetPort must match the port the app really uses.',
        ];
      },
    }),
    act({
      say: 'Knocking on the NodePort from this machine',
      sets: ['nodePort'],
      kubectl: 'curl http://localhost:{nodePort}/',
      async run(ctx) {
        const nodePort = nodePortOf(await ctx.kube.list('v1', 'Service'))?.port.nodePort ?? 30080;
        ctx.vars.nodePort = String(nodePort);
        return [await tryLocalhost(nodePort)];
      },
    }),
    act({
      say: 'The Ingress',
      kubectl: 'kubectl get ingress -n {ns}',
      async run(ctx) {
        // The course's Ingress, else the first one there (the guide's is called my-ingress).
        const [named, all, f] = await Promise.all([ctx.kube.get(INGRESS), ctx.kube.list('networking.k8s.io/v1', 'Ingress'), features(ctx)]);
        const ingress = named ?? all[0];
        if (!ingress) return ['No Ingress yet (the step above was left for later).', ...ingressOutlook(f).lines];
        const host = ((ingress.spec as { rules?: { host?: string }[] } | undefined)?.rules ?? []).map((r) => r.host ?? '*').join(',') || '*';
        const address = ((ingress?.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).join(',');
        const className = (ingress?.spec as { ingressClassName?: string } | undefined)?.ingressClassName ?? f.ingressClass ?? '<none>';
        return [
          ...formatTable(['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS'], [[ingress.metadata.name, className, host, address, '80']]),
          '',
          `Rule: requests for host ${host}, path /, go to the app's Service on port 80.`,
          ...ingressOutlook(f).lines,
        ];
      },
    }),
    act({
      say: 'Now from inside the cluster, as another app would call yours: a one-shot pod that fetches the ClusterIP Service',
      sets: ['runCommand'],
      async run(ctx) {
        const plan = await reachInternal(ctx);
        ctx.vars.runCommand = kubectlRun(plan, ctx.namespace);
        return [`On this cluster it goes ${plan.by === 'dns' ? 'by the Service\'s DNS name' : 'by the ClusterIP from its environment'}: ${plan.why}.`, 'The command:', `  ${ctx.vars.runCommand}`];
      },
    }),
    tryIt({
      task: `Run that one-shot pod (${NET_TEST}) in another terminal. Any pod that fetches the Service and prints the answer will do.`,
      until: [inClusterRequest],
      hints: [
        'kubectl run <name> --image=fastapi-k8s:1.0.0 --image-pull-policy=Never --restart=Never -n {ns} --command -- node -e "fetch(…)…"',
        '{runCommand}',
        `kubectl logs ${NET_TEST} -n {ns}   (what it got back)`,
      ],
      kubectl: '{runCommand}',
      sets: ['netPod'],
      async doIt(ctx) {
        const plan = await reachInternal(ctx);
        // kubectl run refuses a name that is taken: a second run of the lesson gets a fresh one.
        const taken = await ctx.kube.get({ apiVersion: 'v1', kind: 'Pod', name: NET_TEST });
        ctx.vars.netPod = taken ? `${NET_TEST}-${Date.now().toString(36).slice(-5)}` : NET_TEST;
        await ctx.kube.apply(netTestPod(plan, ctx.vars.netPod));
      },
    }),
    act({
      say: 'What the pod got back',
      sets: ['netPod'],
      kubectl: 'kubectl logs {netPod} -n {ns}',
      async run(ctx) {
        const plan = await reachInternal(ctx);
        ctx.vars.netPod ??= NET_TEST;
        // A pod that was never run (the step was left for later) has no log: say so below.
        const output = (await ctx.kube.logs(ctx.vars.netPod).catch(() => '')).trim();
        return [
          output || '(no output)',
          `It asked ${plan.shown}`,
          `${plan.by === 'dns' ? 'By name' : 'By ClusterIP, from its environment'}: ${plan.why}.`,
        ];
      },
    }),
  ],
  check: [nodePortService, ingressToApp, inClusterRequest],
  hints: ['kubectl apply -f {manifests}/services.yaml -n {ns}', 'kubectl get svc,ingress -n {ns}', `kubectl logs ${NET_TEST} -n {ns}`],
});
