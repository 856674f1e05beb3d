import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, firstPod, kubectlOk, nodeStates, shellOk } from '../support/lessons.js';

const ws = workspace('self-healing');
beforeAll(() => afterLessonThree(ws));
afterAll(() => cleanup(ws));

/** The lines of the first "what the cluster did" block in the output (up to its first line that is not an entry). */
function firstTimeline(stdout: string): string[] {
  const lines = stdout.slice(stdout.indexOf('what the cluster did')).split('\n').slice(1);
  const end = lines.findIndex((l) => !/^\s+\+[\d.]+ (ms|s)\s/.test(l));
  return lines.slice(0, end < 0 ? undefined : end).map((l) => l.trim());
}

/** The guide's Deployment (§3) with the guide's probes (§6) added, as a learner types them: image fastapi-k8s:latest, GET / on 8000. */
const GUIDE_DEPLOYMENT_WITH_PROBES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fastapi-k8s
  labels:
    app: fastapi-k8s
spec:
  replicas: 5
  selector:
    matchLabels:
      app: fastapi-k8s
  template:
    metadata:
      labels:
        app: fastapi-k8s
    spec:
      containers:
        - name: fastapi-k8s
          image: fastapi-k8s:latest
          imagePullPolicy: Never
          ports:
            - containerPort: 8000
          livenessProbe:
            httpGet:
              path: /
              port: 8000
            initialDelaySeconds: 5
            periodSeconds: 10
          readinessProbe:
            httpGet:
              path: /
              port: 8000
            initialDelaySeconds: 3
            periodSeconds: 5
`;

describe('lesson 6: self-healing', () => {
  it('--skip-tries: the tutor\'s own delete does not count; check names the learner\'s delete and the probes; then the guide\'s own commands and YAML pass it', async () => {
    const skipped = await ws.tutor(['lesson', 'self-healing', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' } });
    expect(skipped.stdout).toContain('Left for you (--skip-tries)');
    expect(skipped.stdout).toMatch(/5\/5 ready again after/);
    const several = (await nodeStates(ws)).length > 1;
    const before = await checkJson(ws, 'self-healing');
    expect(before.exitCode).toBe(1);
    const failed = before.report.checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.message)).toEqual([
      'Deployment fastapi-k8s: livenessProbe is not set; readinessProbe is not set',
      expect.stringMatching(/^no fastapi-k8s pod has been deleted \(and replaced by its ReplicaSet\) since .*: the step "delete any fastapi-k8s pod" is not done$/),
      // On several nodes the tutor's own drain (done, and undone) does not count either.
      ...(several ? [expect.stringMatching(/^no node that ran fastapi-k8s pods has been drained since .*: the step "drain a node" is not done$/)] : []),
    ]);
    if (!several) {
      // Said once, by the drain check; the uncordon check beside it does not repeat the reason.
      const passed = before.report.checks.filter((c) => c.passed).map((c) => c.message);
      // Latching: the lesson's own check kept it as evidence, so `check` adds when it was seen.
      expect(passed).toContainEqual(expect.stringMatching(/^not asked on this cluster: this cluster has one node that takes new pods, so a drained node's pods would have nowhere to go( \(seen \S+\))?$/));
      expect(passed).toContain('no node was drained, so there is none to give back');
      expect(passed.filter((m) => m.includes('one node'))).toHaveLength(1);
    }
    expect(failed[0]!.fix).toBe(`kubectl apply -f ${ws.workdir}/manifests/deployment-probes.yaml -n ${ws.namespace}`);

    // The guide's §6, adapted only by -n: list, delete one, list again; then its probes in its own Deployment.
    await kubectlOk(ws, ['get', 'pods', '-l', 'app=fastapi-k8s', '-n', ws.namespace]);
    await kubectlOk(ws, ['delete', 'pod', await firstPod(ws), '-n', ws.namespace]);
    await kubectlOk(ws, ['get', 'pods', '-l', 'app=fastapi-k8s', '-n', ws.namespace]);
    const applied = await ws.kubectl(['apply', '-f', '-', '-n', ws.namespace], { input: GUIDE_DEPLOYMENT_WITH_PROBES });
    expect(applied.exitCode, applied.stderr).toBe(0);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=150s']);
    if (several) {
      // The printed drain, pasted into bash anywhere; then the check asks for the uncordon, and that pasted too.
      const drainFix = (await checkJson(ws, 'self-healing')).report.checks.find((c) => !c.passed && /drain a node/.test(c.message))?.fix;
      expect(drainFix).toMatch(/^kubectl drain \S+ --ignore-daemonsets --delete-emptydir-data$/);
      await shellOk(ws, drainFix!);
      const drained = await checkPassesWithin(ws, 'self-healing', 30_000);
      const left = drained.report.checks.filter((c) => !c.passed);
      expect(left.map((c) => c.message)).toEqual([expect.stringMatching(/^node \S+ is still cordoned \(SchedulingDisabled\): no new pod can go there$/)]);
      expect(left[0]!.fix).toBe(drainFix!.replace(/^kubectl drain (\S+).*/, 'kubectl uncordon $1'));
      await shellOk(ws, left[0]!.fix!);
    }
    // The rollout replaced every pod, including the delete's replacement: the ReplicaSet's event still tells.
    const after = await checkPassesWithin(ws, 'self-healing');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.report.checks.map((c) => c.message)).toContain('liveness asks /, readiness asks /, both on port 8000');
    expect(after.exitCode).toBe(0);
  });

  it('runs with --yes: a real pod deletion\'s timeline chain in order, a crash, a failing liveness probe, readiness', async () => {
    // Back to the course's Deployment (the guide's YAML has no tutor label on its pods).
    await kubectlOk(ws, ['apply', '-f', `${ws.workdir}/manifests/k8s.yaml`, '-n', ws.namespace]);
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=150s']);
    const run = await ws.tutor(['lesson', 'self-healing', '--yes', '--restart'], { timeoutMs: 300_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);

    const chain = firstTimeline(run.stdout);
    const at = (pattern: RegExp) => chain.findIndex((l) => pattern.test(l));
    const steps = [/deleted: Terminating/, /^\+[\d.]+ m?s\s+pod \S+\s+created$/, /scheduled → /, /container started/, /\s(?<!not )Ready$/, /added to the endpoints \(5\)/];
    const positions = steps.map(at);
    expect(positions.every((p) => p >= 0), chain.join('\n')).toBe(true);
    expect([...positions].sort((a, b) => a - b), chain.join('\n')).toEqual(positions);
    expect(chain[0]).toMatch(/^\+0 ms\s+pod fastapi-k8s-…-\w+\s+deleted: Terminating$/);
    expect(at(/replicaset fastapi-k8s-\w+\s+sees 4\/5/), chain.join('\n')).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/5\/5 ready again after [\d.]+ m?s, and nobody asked for it\./);

    // The learner's turn (done by --yes) gets its own chain, the crash restarts in place, liveness restarts, readiness only steers traffic.
    expect(run.stdout).toMatch(/What the cluster did after your delete\n\s+what the cluster did\n\s+\+0 ms\s+pod \S+\s+deleted: Terminating/);
    expect(run.stdout).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(run.stdout).toMatch(/container restarted \(RESTARTS 1\), last exit: Error, exit code 1/);
    expect(run.stdout).toMatch(/Unhealthy\s+Liveness probe failed: HTTP probe failed with statuscode: 503/);
    expect(run.stdout).toMatch(/RESTARTS 0 → 1: three failed liveness probes in a row/);
    expect(run.stdout).toMatch(/left the endpoints \(4\)[\s\S]*READY 0\/1, and not restarted/);
    // A node failure: explained on one node; on several, the tutor drains one, the learner's drain and uncordon follow, no node stays cordoned.
    if ((await nodeStates(ws)).length > 1) {
      expect(run.stdout).toMatch(/Draining (\S+), as `kubectl drain \1 --ignore-daemonsets --delete-emptydir-data` would/);
      expect(run.stdout).toMatch(/\d+ pod\(s\) evicted from \S+, re-created on the other nodes and Ready in/);
      expect(run.stdout).toMatch(/\sNODE\s*\n/);
      expect(run.stdout).toMatch(/\$ kubectl drain \S+ --ignore-daemonsets --delete-emptydir-data\n/);
      expect(run.stdout).toMatch(/\S+ is cordoned \(`kubectl get nodes` says SchedulingDisabled\), and no fastapi-k8s pod runs there\./);
      expect(run.stdout).toMatch(/\$ kubectl uncordon \S+\n/);
      expect((await nodeStates(ws)).filter((n) => n.cordoned)).toEqual([]);
    } else {
      expect(run.stdout).toContain('kubectl drain NODE_NAME --ignore-daemonsets --delete-emptydir-data');
      // Why not, once per reason: the drain step says it, the uncordon step only that there is nothing to give back.
      const steps = run.stdout.slice(0, run.stdout.indexOf('Lesson check'));
      expect(steps.split('this cluster has one node')).toHaveLength(2);
      expect(steps).toContain('Not on this cluster: this cluster has one node that takes new pods');
      expect(steps).toContain('Not on this cluster: no node was drained, so there is none to give back');
      expect(run.stdout.slice(run.stdout.indexOf('Lesson check')).split('this cluster has one node')).toHaveLength(2);
    }

    // The printed POST through a port-forward, pasted into bash in an empty folder: curl waits for the forward,
    // and the forward is stopped (bash returns; a forward left running would hold the output open until the timeout).
    const post = /\$ (kubectl port-forward pod\/\S+ 8000 -n \S+ & curl --retry 5 --retry-connrefused -X POST localhost:8000\/ready\/enable; kill \$!)\n/.exec(run.stdout)?.[1];
    expect(post, run.stdout).toBeDefined();
    expect(await shellOk(ws, post!)).toMatch(/Forwarding from 127\.0\.0\.1:8000/);

    const { exitCode, report } = await checkJson(ws, 'self-healing');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  });
});
