import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { checkPassesWithin, firstPod, kubectlOk } from '../support/lessons.js';

const ws = workspace('verify');
afterAll(() => cleanup(ws));

const TRACE = 'your request to /info, sent from inside a pod, is in its log';
const INSIDE = `node -e "fetch('http://localhost:8000/info').then(r => r.text()).then(console.log)"`;

describe('lesson 4: deploying-and-verifying', () => {
  it('--skip-tries on a fresh namespace: sets up lesson 3, shows it all, and check 4 names the request from inside a pod; the guide\'s exec, describe and logs -l then pass it', async () => {
    const run = await ws.tutor(['lesson', '4', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('This lesson needs the fastapi-k8s Deployment and Service from lesson 3');
    expect(run.stdout).toContain('No pod has logged a GET /info yet: the step above is still yours to do');
    const before = await checkJson(ws, '4');
    expect(before.exitCode).toBe(1);
    const trace = before.report.checks.find((c) => c.name === TRACE)!;
    expect(trace.passed).toBe(false);
    expect(trace.message).toMatch(/^no fastapi-k8s pod has logged a GET \/info since /);
    expect(trace.fix).toContain(`-n ${ws.namespace} -- sh, then inside: ${INSIDE}`);

    const pod = await firstPod(ws);
    // The guide's debugging commands, adapted by -n (and sh for /bin/bash, which not every image of the app has).
    expect(await kubectlOk(ws, ['describe', 'pod', pod, '-n', ws.namespace])).toMatch(/Node:\s+k8s-tutor-node/);
    const shell = await ws.kubectl(['exec', '-i', pod, '-n', ws.namespace, '--', 'sh'], { input: `hostname\n${INSIDE}\nexit\n` });
    expect(shell.exitCode, shell.stderr).toBe(0);
    expect(shell.stdout).toContain(`"pod_name":"${pod}"`);
    expect(await kubectlOk(ws, ['logs', '-l', 'app=fastapi-k8s', '-n', ws.namespace])).toContain('"path":"/info"');
    const after = await checkJson(ws, '4');
    expect(after.report.checks.find((c) => c.name === TRACE)?.message).toMatch(new RegExp(`^pod ${pod} logged GET /info \\(200\\) at `));
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
  });

  it('runs unattended: pods, service, endpoints, describe, logs, events and a real answer', async () => {
    const run = await ws.tutor(['lesson', 'deploying-and-verifying', '--yes', '--restart']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(run.stdout).toMatch(/fastapi-k8s\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+<pending>/);
    expect(run.stdout).toContain('EXTERNAL-IP stays <pending>: nothing on this cluster hands out load-balancer addresses.');
    expect(run.stdout).toMatch(/ENDPOINT\s+READY\s+POD\n(\s+10\.\d+\.\d+\.\d+:8000\s+yes\s+fastapi-k8s-\S+\n){5}/);
    expect(run.stdout).toMatch(/Events:/);
    // The course's k8s.yaml hands the pods their downward-API facts, and the lesson says what env | grep POD_ will show.
    expect(run.stdout).toContain('Your Deployment hands each pod facts about itself (POD_NAME, POD_IP, NODE_NAME, POD_NAMESPACE)');
    expect(run.stdout).toMatch(/HTTP 200: \{"message":"Hello from fastapi-k8s!","server":"fastapi-k8s-/);
    expect(run.stdout).toMatch(/\[pod\/fastapi-k8s-\S+\/fastapi-k8s\] \{/);
    expect(run.stdout).toMatch(/\[pod\/fastapi-k8s-\S+\] \S+ GET \/info → 200/);
    const { report } = await checkJson(ws, 'deploying-and-verifying');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
  });

  it('with kubectl: a pod that never becomes ready is explained, then fixed', async () => {
    await kubectlOk(ws, ['set', 'image', 'deployment/fastapi-k8s', 'fastapi-k8s=fastapi-k8s:does-not-exist', '-n', ws.namespace]);
    // The new pods can never start: the rollout stays unfinished, so the check fails at once (no wait needed).
    const before = await checkJson(ws, '4');
    expect(before.exitCode).toBe(1);
    const ready = before.report.checks.find((c) => c.name === 'fastapi-k8s: 5/5 replicas ready')!;
    expect(ready.passed).toBe(false);
    expect(ready.message).toMatch(/ErrImageNeverPull|not ready|replicas are ready/);
    expect((await ws.kubectl(['rollout', 'undo', 'deployment/fastapi-k8s', '-n', ws.namespace])).exitCode).toBe(0);
    const after = await checkPassesWithin(ws, '4');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
  });
});
