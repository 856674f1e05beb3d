import {
  about, act, APP, applyManifest, ClusterError, defineLesson, deploymentNeed, explain, features, formatTable, namespaceNeed, tryIt,
} from '../kit.js';
import { ingressOutlook } from '../lib/adapt.js';
import { inClusterAnswer, ingressToApp, nodePortService } from './checks.js';
import { NET_TEST, kubectlRun, reachInternal } from './networking.js';
import { firstNodeIP, knockOnNodePort, netTestAnswer, nodePortHolder, pickNodePort, realPorts, runNetTestPod, serviceTableByType, theIngress } from './steps.js';

const inClusterRequest = inClusterAnswer(async (ctx) => kubectlRun(await reachInternal(ctx), ctx.namespace));

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
        const table = await serviceTableByType(ctx);
        const f = await features(ctx);
        return [
          ...table,
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
        const p = await realPorts(ctx);
        if (!p) return ['No NodePort Service of the app yet (the step above was left for later), so there are no real values to show.'];
        return [
          `${p.nodeIP}:${p.nodePort}  ──►  ${p.clusterIP}:${p.port}  ──►  ${p.podIP}:${p.targetPort}  ──►  container :8000`,
          '  nodePort            port (Service)        targetPort (pod)        containerPort',
          '',
          'port is what callers of the Service use; targetPort is where the Service sends it on the pod;',
          'containerPort only documents where the app listens. targetPort must match the port the app really uses.',
        ];
      },
    }),
    act({
      say: 'Knocking on the NodePort from this machine',
      sets: ['nodePort', 'nodeAddress'],
      kubectl: 'curl http://{nodeAddress}:{nodePort}/',
      run: async (ctx) => knockOnNodePort(ctx, await pickNodePort(ctx), await firstNodeIP(ctx)),
    }),
    act({
      say: 'The Ingress',
      kubectl: 'kubectl get ingress -n {ns}',
      async run(ctx) {
        const { f, ingress } = await theIngress(ctx);
        if (!ingress) return ['No Ingress yet (the step above was left for later).', ...ingressOutlook(f).lines];
        return [
          ...formatTable(['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS'], [[ingress.name, ingress.className, ingress.host, ingress.address, '80']]),
          '',
          `Rule: requests for host ${ingress.host}, path /, go to the app's Service on port 80.`,
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
      doIt: runNetTestPod,
    }),
    act({
      say: 'What the pod got back',
      sets: ['netPod'],
      kubectl: 'kubectl logs {netPod} -n {ns}',
      async run(ctx) {
        const { plan, output } = await netTestAnswer(ctx);
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
