import { APP, about, act, applyStep, appPods, defineLesson, explain, namespaceNeed, podTable, replicasReady, sampleImageNeed, type LessonContext } from '../kit.js';
import { MISMATCH_COMMAND, mismatchedDeployment, refusal } from './mismatch.js';
import { deploymentAsInGuide, serviceAsInGuide } from './shape.js';
import { deploymentAndReplicaSets, fromFile, loadBalancerHere, readDeploymentFile } from './steps.js';

interface ServiceShape {
  spec: { type: string; selector: Record<string, string>; ports: { port: number; targetPort: number | string }[] };
}

/** One true sentence about type: LoadBalancer on the learner's cluster. */

export default defineLesson({
  ...about('first-deployment'),
  needs: [namespaceNeed, sampleImageNeed],
  steps: [
    explain([
      'The whole app is described in one file, {manifests}/k8s.yaml: a Deployment and a Service, separated by ---.',
      'Every object in such a file starts the same way:',
      '  apiVersion   which version of the Kubernetes API defines this kind (apps/v1 for a Deployment, v1 for a Service)',
      '  kind         what type of object it is',
      '  metadata     its name and labels',
      '  spec         what you want it to be: the desired state',
    ]),
    act({
      say: 'Reading the Deployment in {manifests}/k8s.yaml',
      run: readDeploymentFile,
    }),
    act({
      say: 'And the Service',
      async run(ctx) {
        const s = await fromFile<ServiceShape>(ctx, 'Service');
        const port = s.spec.ports[0]!;
        return [
          `type: ${s.spec.type}   reachable from outside the cluster where something provides the address: ${await loadBalancerHere(ctx)}`,
          `port: ${port.port} → targetPort: ${port.targetPort}   callers use ${port.port}; the pods get it on ${port.targetPort} (a targetPort may also be the container port's name)`,
          `selector: app=${s.spec.selector.app}   traffic goes to every ready pod with this label`,
        ];
      },
    }),
    explain([
      'The selector must match the template\'s labels: otherwise the Deployment would make pods it does not count as its own,',
      'and keep making more. The API server refuses such a Deployment before storing it. Watch it refuse one:',
    ]),
    act({
      say: 'Asking the API server to check (not store) a Deployment whose selector is app=fastapi-k8s but whose pods would be labelled app=something-else',
      kubectl: MISMATCH_COMMAND,
      async run(ctx) {
        return [await refusal(ctx, mismatchedDeployment())];
      },
    }),
    explain([
      'When you apply the file, kubectl sends both objects to the API server, which stores them. Then the Deployment',
      'controller creates a ReplicaSet, the ReplicaSet creates 5 pods, the scheduler places each one on a node,',
      'and that node\'s kubelet has the container runtime start its container.',
    ]),
    applyStep('k8s.yaml', {
      task: 'Apply the file with kubectl, in another terminal: kubectl apply -f {manifests}/k8s.yaml -n {ns}. (The guide\'s own YAML, typed into a file of yours, passes too.)',
      until: [deploymentAsInGuide, serviceAsInGuide, replicasReady(APP, 5)],
      hints: ['kubectl apply -f <file> -n {ns}', 'kubectl apply -f {manifests}/k8s.yaml -n {ns}'],
    }),
    act({
      say: 'What your apply made: the Deployment, its ReplicaSet, and the ReplicaSet\'s pods',
      kubectl: `kubectl get deployment,replicaset,pods -l app=${APP} -n {ns}`,
      async run(ctx) {
        const owners = await deploymentAndReplicaSets(ctx);
        if (!owners) return [`No Deployment ${APP} yet: applying the file is still yours to do (k8s-tutor check first-deployment tells when it is done).`];
        return [
          ...owners,
          '',
          ...(await podTable(ctx, await appPods(ctx))),
          '',
          'Each pod\'s name is the ReplicaSet\'s name plus a random suffix, and the ReplicaSet\'s is the Deployment\'s plus a hash of the pod template.',
        ];
      },
    }),
  ],
  check: [deploymentAsInGuide, serviceAsInGuide, replicasReady(APP, 5)],
  hints: ['kubectl apply -f {manifests}/k8s.yaml -n {ns}', 'kubectl get pods -n {ns}'],
});
