import { about } from '../catalog.js';
import { fail, pass, type Check } from '../../src/checks/check.js';
import { serviceAnswers } from '../../src/checks/service-answers.js';
import { podShowing, podShows, serviceEmpty, serviceFails } from '../lib/checks/symptoms.js';
import { endpointsReady } from '../../src/checks/workload.js';
import { replicasReady } from '../lib/app.js';
import { act, defineLesson, explain, tryIt, waitFor, type ActStep, type LessonContext } from '../../src/course/lesson.js';
import { waitUntil } from '../../src/course/wait.js';
import { rolloutUndo } from '../../src/kube/rollout-ops.js';
import { POD_HEADER, podRow } from '../../src/kube/tables.js';
import { formatTable } from '../../src/ui/ui.js';
import { APP, DEPLOYMENT, IMAGE, SERVICE, deploymentNeed, namespaceNeed } from '../lib/app.js';
import { appPods } from '../lib/objects.js';
import { eventTime } from '../../src/kube/events.js';

const MISSING_IMAGE = 'fastapi-k8s:9.9.9';

/** All replicas ready; when they are not because of a change to the template, the fix names the way back. */
const healthy: Check = {
  ...replicasReady(APP),
  name: `Deployment ${APP} is healthy (all replicas ready)`,
  async evaluate(ctx) {
    const result = await replicasReady(APP).evaluate(ctx);
    if (result.passed || !/ErrImage|ImagePull|CrashLoopBackOff|cannot be scheduled|last ended/.test(result.message)) return { ...result, name: this.name };
    const image = (await ctx.kube.get(DEPLOYMENT))?.spec as { template?: { spec?: { containers?: { image?: string }[] } } } | undefined;
    const current = image?.template?.spec?.containers?.[0]?.image;
    const fix = current !== IMAGE
      ? `kubectl set image deployment/${APP} ${APP}=${IMAGE} -n ${ctx.namespace}   (the template asks for ${current})`
      : `kubectl rollout undo deployment/${APP} -n ${ctx.namespace}   (kubectl describe pod and kubectl logs --previous say what the last change broke)`;
    return { ...result, name: this.name, fix };
  },
};

const IMAGE_MISSING = ['ErrImageNeverPull', 'ErrImagePull', 'ImagePullBackOff'];
const CRASHING = ['CrashLoopBackOff', 'Error'];
const UNSCHEDULABLE = ['Unschedulable'];

/** Prints the pod table and remembers, as {pod}, a pod that shows the symptom (a ContainerCreating bystander has nothing to tell). */
function podTable(symptom: string[] = []): ActStep['run'] {
  return async (ctx: LessonContext) => {
    const pods = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${APP}` });
    const broken = podShowing(pods, symptom)
      ?? pods.find((p) => !['Running', 'Terminating'].includes(podRow(p)[2]!))
      ?? pods.find((p) => podRow(p)[3] !== '0');
    ctx.vars.pod = broken?.metadata.name ?? pods[0]?.metadata.name ?? '';
    return formatTable(POD_HEADER, pods.map((p) => podRow(p)));
  };
}

/** The pod's last events. The scheduler and the kubelet record them a moment after the pod's status shows
 * the symptom, so this first waits (10 s at most) for the Warning that explains it. */
async function podEvents(ctx: LessonContext): Promise<string[]> {
  const ofPod = { fieldSelector: `involvedObject.name=${ctx.vars.pod}` };
  const warned: Check = {
    name: `a Warning event about pod ${ctx.vars.pod}`,
    watches: [{ apiVersion: 'v1', kind: 'Event' }],
    async evaluate(c) {
      const warnings = (await c.kube.list('v1', 'Event', ofPod)).filter((e) => e.type === 'Warning');
      return warnings.length > 0 ? pass(this.name, `${warnings.length} Warning event(s)`) : fail(this.name, 'no Warning event yet');
    },
  };
  await waitUntil([warned], ctx, { timeoutMs: 10_000, signal: ctx.signal });
  const events = (await ctx.kube.list('v1', 'Event', ofPod)).sort((a, b) => eventTime(a) - eventTime(b));
  return events.slice(-3).map((e) => `  ${String(e.type)}  ${String(e.reason)}: ${String(e.message ?? '').split('\n')[0]!.slice(0, 110)}`);
}

function look(say: string, kubectl: string, run: ActStep['run']): ActStep {
  return act({ say, kubectl, run });
}


export default defineLesson({
  ...about('troubleshooting'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'Debugging Kubernetes starts with one command, `kubectl get pods`, and the STATUS it shows:',
      '  Pending            not placed on a node        → kubectl describe pod: resources, node selectors',
      '  CrashLoopBackOff   starts, dies, again          → kubectl logs --previous: why the app exited',
      '  ErrImagePull…      no image to run              → kubectl describe pod: name, tag, pull policy',
      '  Running, but no answer                          → kubectl describe svc, endpoints: selector, ports',
      'The tutor will now break your app five times, one thing at a time. You find it and fix it.',
      'Any fix counts: the tutor watches for its effect, not for a particular command.',
    ]),
    waitFor({ say: 'Starting from a healthy Deployment', until: [replicasReady(APP), endpointsReady(APP)] }),

    // Each challenge: the tutor breaks one thing, waits until it shows, the learner looks and fixes; the fix counts by its effect.
    act({
      say: `Challenge 1: the tutor points the Deployment at an image that does not exist (${MISSING_IMAGE})`,
      kubectl: `kubectl set image deployment/${APP} ${APP}=${MISSING_IMAGE} -n {ns}`,
      async run(ctx) {
        await ctx.kube.patch(DEPLOYMENT, { spec: { template: { spec: { containers: [{ name: APP, image: MISSING_IMAGE }] } } } }, 'strategic');
      },
    }),
    waitFor({ say: 'Waiting for the symptom', until: [podShows(APP, IMAGE_MISSING)], timeoutMs: 90_000 }),
    look('What kubectl get pods shows', 'kubectl get pods -n {ns}', podTable(IMAGE_MISSING)),
    look('And kubectl describe, at the bottom (Events)', 'kubectl describe pod {pod} -n {ns}', podEvents),
    explain([
      'ErrImageNeverPull: the pod may not pull (imagePullPolicy: Never) and the node has no such image.',
      'With a registry you would see ErrImagePull, then ImagePullBackOff. The old pods keep serving meanwhile:',
      'a rolling update never removes old pods faster than new ones become ready.',
    ]),
    tryIt({
      task: `Fix it: the image should be ${IMAGE}.`,
      until: [healthy],
      hints: [`kubectl describe pod {pod} -n {ns} | grep -i image`, `kubectl set image deployment/${APP} ${APP}=${IMAGE} -n {ns}   (or: kubectl rollout undo deployment/${APP} -n {ns})`],
      kubectl: `kubectl set image deployment/${APP} ${APP}=${IMAGE} -n {ns}`,
      async doIt(ctx) {
        await ctx.kube.patch(DEPLOYMENT, { spec: { template: { spec: { containers: [{ name: APP, image: IMAGE }] } } } }, 'strategic');
      },
    }),


    act({
      say: 'Challenge 2: the tutor gives the container a command that exits at once',
      kubectl: `kubectl patch deployment ${APP} -n {ns} -p '{"spec":{"template":{"spec":{"containers":[{"name":"${APP}","command":["node","-e","…exit(1)"]}]}}}}'`,
      async run(ctx) {
        const command = ['node', '-e', 'console.error("fatal: DATABASE_URL is not set"); process.exit(1)'];
        await ctx.kube.patch(DEPLOYMENT, { spec: { template: { spec: { containers: [{ name: APP, command }] } } } }, 'strategic');
      },
    }),
    waitFor({ say: 'Waiting for the symptom', until: [podShows(APP, CRASHING)], timeoutMs: 90_000 }),
    look('What kubectl get pods shows', 'kubectl get pods -n {ns}', podTable(CRASHING)),
    look('The log of the container that crashed', 'kubectl logs {pod} --previous -n {ns}', async (ctx) => {
      // Right after the first crash there may be no "previous" container yet: the dead one is still the current one.
      const usable = (text: string) => text.trim() !== '' && !text.startsWith('unable to retrieve');
      const previous = await ctx.kube.logs(ctx.vars.pod ?? '', { previous: true, tailLines: 3 }).catch(() => '');
      const current = usable(previous) ? previous : await ctx.kube.logs(ctx.vars.pod ?? '', { tailLines: 3 }).catch(() => '');
      return [...current.trim().split('\n').filter(Boolean), '', '--previous shows the container that died, not the one starting now. The app says why it exits.'];
    }),
    explain([
      'CrashLoopBackOff: the container exits, the kubelet restarts it, waiting longer each time (10 s, 20 s, … up to 5 min).',
      'The cause is in the app\'s own output: a missing setting, a bad command, a port in use.',
    ]),
    tryIt({
      task: 'Fix it: go back to the Deployment\'s previous version.',
      until: [healthy],
      hints: [`kubectl rollout history deployment/${APP} -n {ns}`, `kubectl rollout undo deployment/${APP} -n {ns}`],
      kubectl: `kubectl rollout undo deployment/${APP} -n {ns}`,
      async doIt(ctx) {
        await rolloutUndo(ctx.kube, APP);
      },
    }),


    act({
      say: 'Challenge 3: the tutor asks for 64 CPUs per pod',
      kubectl: `kubectl set resources deployment/${APP} --requests=cpu=64 --limits=cpu=64 -n {ns}`,
      async run(ctx) {
        await ctx.kube.patch(DEPLOYMENT, { spec: { template: { spec: { containers: [{ name: APP, resources: { requests: { cpu: '64' }, limits: { cpu: '64' } } }] } } } }, 'strategic');
      },
    }),
    waitFor({ say: 'Waiting for the symptom', until: [podShows(APP, UNSCHEDULABLE)], timeoutMs: 90_000 }),
    look('What kubectl get pods shows', 'kubectl get pods -n {ns}', podTable(UNSCHEDULABLE)),
    look('Why the scheduler will not place it', 'kubectl describe pod {pod} -n {ns}', podEvents),
    explain([
      'Pending with FailedScheduling: no node has that much unrequested CPU. The scheduler places pods by their',
      'requests, not by what they use. Lower the request, add nodes, or make room.',
    ]),
    tryIt({
      task: 'Fix it: undo the change, or set a request the node can hold.',
      until: [healthy],
      hints: [`kubectl describe pod {pod} -n {ns}   (look for Insufficient cpu)`, `kubectl rollout undo deployment/${APP} -n {ns}`],
      kubectl: `kubectl rollout undo deployment/${APP} -n {ns}`,
      async doIt(ctx) {
        await rolloutUndo(ctx.kube, APP);
      },
    }),


    act({
      say: 'Challenge 4: the tutor changes the Service\'s selector',
      kubectl: `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"selector":{"app":"fastapi-k8z"}}}'`,
      async run(ctx) {
        await ctx.kube.patch(SERVICE, { spec: { selector: { app: 'fastapi-k8z' } } }, 'strategic');
      },
    }),
    waitFor({ say: 'Waiting for the symptom', until: [serviceEmpty(APP)], timeoutMs: 60_000 }),
    look('The pods are fine', 'kubectl get pods -n {ns}', podTable()),
    look('But the Service has no endpoints', `kubectl get endpointslices -l kubernetes.io/service-name=${APP} -n {ns}  &&  kubectl describe svc ${APP} -n {ns}`, async (ctx) => {
      const svc = await ctx.kube.get(SERVICE);
      const pods = await appPods(ctx);
      return [
        `Service selector: ${JSON.stringify((svc?.spec as { selector?: unknown }).selector)}`,
        `Pod labels:       {"app":"${pods[0]?.metadata.labels?.app ?? '?'}"}`,
        'Endpoints: <none>. Running pods, no traffic: compare the selector with the labels (kubectl get pods --show-labels).',
      ];
    }),
    tryIt({
      task: `Fix it: the selector should be app=${APP}.`,
      until: [endpointsReady(APP)],
      hints: ['kubectl get pods --show-labels -n {ns}', `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"selector":{"app":"${APP}"}}}'`],
      kubectl: `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"selector":{"app":"${APP}"}}}'`,
      async doIt(ctx) {
        await ctx.kube.patch(SERVICE, { spec: { selector: { app: APP } } }, 'strategic');
      },
    }),


    act({
      say: 'Challenge 5: the tutor changes the Service\'s targetPort',
      kubectl: `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"ports":[{"port":80,"targetPort":8080}]}}'`,
      async run(ctx) {
        await ctx.kube.patch(SERVICE, { spec: { ports: [{ port: 80, targetPort: 8080 }] } }, 'strategic');
      },
    }),
    waitFor({ say: 'Waiting for the symptom', until: [serviceFails(APP)], timeoutMs: 60_000 }),
    look('Endpoints exist this time, and yet', `kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/`, async (ctx) => {
      const answer = await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, '/').catch((e: unknown) => ({ status: 0, body: String(e) }));
      const svc = await ctx.kube.get(SERVICE);
      const port = ((svc?.spec as { ports?: { port: number; targetPort: unknown }[] }).ports ?? [])[0];
      return [
        `HTTP ${answer.status || 'error'}: ${answer.body.trim().split('\n')[0]!.slice(0, 100)}`,
        `Service port ${port?.port} → targetPort ${String(port?.targetPort)}, but the container listens on 8000 (containerPort 8000).`,
      ];
    }),
    tryIt({
      task: 'Fix it: send the Service\'s traffic to the port the app listens on.',
      until: [serviceAnswers(APP)],
      hints: [`kubectl describe svc ${APP} -n {ns}   (TargetPort)`, `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"ports":[{"port":80,"targetPort":8000}]}}'`],
      kubectl: `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"ports":[{"port":80,"targetPort":8000}]}}'`,
      async doIt(ctx) {
        await ctx.kube.patch(SERVICE, { spec: { ports: [{ port: 80, targetPort: 8000 }] } }, 'strategic');
      },
    }),
    explain([
      'Five breakages, five different symptoms, one routine: get pods, then describe or logs, then the Service.',
      'When the pods are Running and the Service answers, the problem is elsewhere: the client, DNS, the network.',
    ]),
  ],
  check: [healthy, endpointsReady(APP), serviceAnswers(APP)],
  hints: ['kubectl get pods -n {ns}', 'kubectl describe pod <name> -n {ns}', `kubectl rollout undo deployment/${APP} -n {ns}`, `kubectl describe svc ${APP} -n {ns}`],
});
