import {
  APP, DEPLOYMENT, IMAGE, about, act, appPods, defineLesson, deploymentNeed, endpointsReady, eventsAbout, explain, fail, namespaceNeed, pass,
  replicasReady, serviceAnswers, tryIt, waitFor, type Check,
} from '../kit.js';
import { podShowing, podShows, serviceEmpty, serviceFails } from '../lib/checks/symptoms.js';
import { changeContainer, changeService, crashLog, lookAtPods, podEvents, rolloutSafety, selectorMismatch, targetPortAnswer, undoRollout } from './steps.js';

const MISSING_IMAGE = 'fastapi-k8s:9.9.9';
const IMAGE_MISSING = ['ErrImageNeverPull', 'ErrImagePull', 'ImagePullBackOff'];
const CRASHING = ['CrashLoopBackOff', 'Error'];
const UNSCHEDULABLE = ['Unschedulable'];

const HUGE_CPU = '64';
/** What challenge 2's container runs instead of the app: it says why, and exits. */
const CRASH_COMMAND = ['node', '-e', 'console.error("fatal: DATABASE_URL is not set"); process.exit(1)'];

/**
 * All replicas ready; when they are not because of a change to the template, the fix names the way
 * back: the one change, or, when several breakages pile up (a learner who skipped a fix), the revision
 * history to go back to the last good one.
 */
const healthy: Check = {
  ...replicasReady(APP),
  name: `Deployment ${APP} runs again (challenges 1-3: the image, the command, the CPU request)`,
  async evaluate(ctx) {
    const result = await replicasReady(APP).evaluate(ctx);
    if (result.passed) return { ...result, name: this.name };
    const container = ((await ctx.kube.get(DEPLOYMENT))?.spec as { template?: { spec?: { containers?: { image?: string; command?: string[]; resources?: { requests?: { cpu?: string } } }[] } } } | undefined)?.template?.spec?.containers?.[0];
    const broken = [
      /ErrImage|ImagePull/.test(result.message) || container?.image === MISSING_IMAGE ? `the image ${container?.image ?? ''}` : '',
      container?.command ? 'a command that exits' : '',
      container?.resources?.requests?.cpu === HUGE_CPU ? `a request of ${HUGE_CPU} CPUs` : '',
    ].filter(Boolean);
    if (broken.length === 0) return { ...result, name: this.name };
    const ns = ctx.namespace;
    const fix = broken.length > 1
      ? `kubectl rollout history deployment/${APP} -n ${ns}   # the template has ${broken.join(', ')}: kubectl rollout undo deployment/${APP} --to-revision=<the last good one> -n ${ns}`
      : /ErrImage|ImagePull/.test(result.message)
        ? `kubectl set image deployment/${APP} ${APP}=${IMAGE} -n ${ns}   # the template asks for ${container?.image ?? '?'}`
        : `kubectl rollout undo deployment/${APP} -n ${ns}   # kubectl describe pod and kubectl logs --previous say what the last change broke`;
    return { ...result, name: this.name, fix };
  },
};
/** The same check under a name that says which challenge it is about. */
function named(check: Check, name: string): Check {
  return { ...check, name, evaluate: async (ctx) => ({ ...(await check.evaluate(ctx)), name }) };
}
const selectorFixed = named(endpointsReady(APP), `Service ${APP} has endpoints again (challenge 4: the selector)`);
const portFixed = named(serviceAnswers(APP), `Service ${APP} answers again (challenge 5: the targetPort)`);

/** A Warning event about a pod of the app that shows the symptom: the scheduler and the kubelet write it a moment after the status shows. */
function podWarned(states: string[]): Check {
  return {
    name: `a Warning event about a ${APP} pod showing ${states.join(' or ')}`,
    watches: [{ apiVersion: 'v1', kind: 'Event' }, { apiVersion: 'v1', kind: 'Pod' }],
    async evaluate(ctx) {
      const pods = (await appPods(ctx)).filter((p) => podShowing([p], states));
      for (const pod of pods) {
        const warnings = await eventsAbout(ctx, { kind: 'Pod', name: pod.metadata.name }, { type: 'Warning' });
        if (warnings.length > 0) return pass(this.name, `pod ${pod.metadata.name}: ${String(warnings.at(-1)!.reason)}`);
      }
      return fail(this.name, 'no Warning event yet');
    },
  };
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
      run: changeContainer({ image: MISSING_IMAGE }),
    }),
    waitFor({ say: 'Waiting for the symptom, and the event that explains it', until: [podShows(APP, IMAGE_MISSING), podWarned(IMAGE_MISSING)], timeoutMs: 90_000 }),
    lookAtPods(IMAGE_MISSING),
    act({ say: 'And kubectl describe, at the bottom (Events)', kubectl: 'kubectl describe pod {pod} -n {ns}', run: podEvents }),
    explain(rolloutSafety),
    tryIt({
      task: `Fix it: the image should be ${IMAGE}.`,
      until: [healthy],
      hints: ['kubectl describe pod {pod} -n {ns} | grep -i image', `kubectl set image deployment/${APP} ${APP}=${IMAGE} -n {ns}   # or: kubectl rollout undo deployment/${APP} -n {ns}`],
      kubectl: `kubectl set image deployment/${APP} ${APP}=${IMAGE} -n {ns}`,
      doIt: changeContainer({ image: IMAGE }),
    }),

    act({
      say: 'Challenge 2: the tutor gives the container a command that exits at once',
      kubectl: `kubectl patch deployment ${APP} -n {ns} -p '{"spec":{"template":{"spec":{"containers":[{"name":"${APP}","command":["node","-e","…exit(1)"]}]}}}}'`,
      run: changeContainer({ command: CRASH_COMMAND }),
    }),
    // A learner who left challenge 1 unfixed sees its symptom still: a container without an image cannot crash.
    waitFor({ say: 'Waiting for the symptom', until: [podShows(APP, [...CRASHING, ...IMAGE_MISSING], { fresh: true })], timeoutMs: 90_000 }),
    lookAtPods([...CRASHING, ...IMAGE_MISSING]),
    act({ say: 'The log of the container that crashed', kubectl: 'kubectl logs {pod} --previous -n {ns}', run: crashLog(IMAGE_MISSING) }),
    explain([
      'CrashLoopBackOff: the container exits, the kubelet restarts it, waiting longer each time (10 s, 20 s, … up to 5 min).',
      'The cause is in the app\'s own output: a missing setting, a bad command, a port in use.',
    ]),
    tryIt({
      task: 'Fix it: go back to the Deployment\'s previous version.',
      until: [healthy],
      hints: [`kubectl rollout history deployment/${APP} -n {ns}`, `kubectl rollout undo deployment/${APP} -n {ns}`],
      kubectl: `kubectl rollout undo deployment/${APP} -n {ns}`,
      doIt: undoRollout,
    }),

    act({
      say: 'Challenge 3: the tutor asks for 64 CPUs per pod',
      kubectl: `kubectl set resources deployment/${APP} --requests=cpu=64 --limits=cpu=64 -n {ns}`,
      run: changeContainer({ resources: { requests: { cpu: HUGE_CPU }, limits: { cpu: HUGE_CPU } } }),
    }),
    waitFor({ say: 'Waiting for the symptom, and the scheduler\'s event', until: [podShows(APP, UNSCHEDULABLE), podWarned(UNSCHEDULABLE)], timeoutMs: 90_000 }),
    lookAtPods(UNSCHEDULABLE),
    act({ say: 'Why the scheduler will not place it', kubectl: 'kubectl describe pod {pod} -n {ns}', run: podEvents }),
    explain([
      'Pending with FailedScheduling: no node has that much unrequested CPU. The scheduler places pods by their',
      'requests, not by what they use. Lower the request, add nodes, or make room.',
    ]),
    tryIt({
      task: 'Fix it: undo the change, or set a request the node can hold.',
      until: [healthy],
      hints: ['kubectl describe pod {pod} -n {ns}   # look for Insufficient cpu', `kubectl rollout undo deployment/${APP} -n {ns}`],
      kubectl: `kubectl rollout undo deployment/${APP} -n {ns}`,
      doIt: undoRollout,
    }),

    act({
      say: 'Challenge 4: the tutor changes the Service\'s selector',
      kubectl: `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"selector":{"app":"fastapi-k8z"}}}'`,
      run: changeService({ selector: { app: 'fastapi-k8z' } }),
    }),
    waitFor({ say: 'Waiting for the symptom', until: [serviceEmpty(APP)], timeoutMs: 60_000 }),
    lookAtPods(),
    act({
      say: 'But the Service has no endpoints',
      kubectl: `kubectl get endpoints ${APP} -n {ns}  &&  kubectl describe svc ${APP} -n {ns}  &&  kubectl get pods --show-labels -n {ns}`,
      run: selectorMismatch,
    }),
    tryIt({
      task: `Fix it: the selector should be app=${APP}.`,
      until: [selectorFixed],
      hints: ['kubectl get pods --show-labels -n {ns}', `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"selector":{"app":"${APP}"}}}'`],
      kubectl: `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"selector":{"app":"${APP}"}}}'`,
      doIt: changeService({ selector: { app: APP } }),
    }),

    act({
      say: 'Challenge 5: the tutor changes the Service\'s targetPort',
      kubectl: `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"ports":[{"port":80,"targetPort":8080}]}}'`,
      run: changeService({ ports: [{ port: 80, targetPort: 8080 }] }),
    }),
    waitFor({ say: 'Waiting for the symptom', until: [serviceFails(APP)], timeoutMs: 60_000 }),
    act({ say: 'Endpoints exist this time, and yet', kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/`, run: targetPortAnswer }),
    tryIt({
      task: 'Fix it: send the Service\'s traffic to the port the app listens on (by number, or by the container port\'s name).',
      until: [portFixed],
      hints: [`kubectl describe svc ${APP} -n {ns}   # TargetPort`, `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"ports":[{"port":80,"targetPort":8000}]}}'`],
      kubectl: `kubectl patch svc ${APP} -n {ns} -p '{"spec":{"ports":[{"port":80,"targetPort":8000}]}}'`,
      doIt: changeService({ ports: [{ port: 80, targetPort: 8000 }] }),
    }),
    explain([
      'Five breakages, five different symptoms, one routine: get pods, then describe or logs, then the Service.',
      'When the pods are Running and the Service answers, the problem is elsewhere: the client, DNS, the network.',
      'The lesson\'s check reads the state (the Deployment runs, the Service has endpoints and answers): it cannot tell',
      'who fixed what. After the tutor\'s five breakages, only your five fixes make it pass.',
    ]),
  ],
  check: [healthy, selectorFixed, portFixed],
  hints: ['kubectl get pods -n {ns}', 'kubectl describe pod <name> -n {ns}', `kubectl rollout undo deployment/${APP} -n {ns}`, `kubectl describe svc ${APP} -n {ns}`],
});
