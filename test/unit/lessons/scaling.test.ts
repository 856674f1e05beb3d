import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import lesson from '../../../lessons/05-scaling/lesson.js';
import { answeredSoFar, perPod, replicasSource, requestsSpread, scaledUpTo } from '../../../lessons/05-scaling/scaling.js';
import { replicasSettled } from '../../../lessons/05-scaling/settled.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FakeKube, deployment as liveDeployment, pod } from '../fake-kube.js';

const owns = { 'f:spec': { 'f:replicas': {} } };

function deployment(replicas: number, managedFields: unknown[], lastApplied?: unknown): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'fastapi-k8s',
      managedFields,
      ...(lastApplied === undefined ? {} : { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': typeof lastApplied === 'string' ? lastApplied : JSON.stringify(lastApplied) } }),
    },
    spec: { replicas },
  };
}

describe('lesson 5: where replicas came from', () => {
  it('a server-side apply that owns spec.replicas is a file, whoever applied it', () => {
    expect(replicasSource(deployment(4, [{ manager: 'kubectl', operation: 'Apply', fieldsV1: owns }]))).toEqual({ fromFile: true, how: 'applied from a file (server-side apply by kubectl)' });
    expect(replicasSource(deployment(4, [{ manager: 'k8s-tutor', operation: 'Apply', fieldsV1: owns }])).fromFile).toBe(true);
  });

  it('a client-side kubectl apply is a file when the file it applied last says the same number', () => {
    expect(replicasSource(deployment(4, [{ manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: owns }], { spec: { replicas: 4 } }))).toEqual({ fromFile: true, how: 'applied from a file (kubectl apply: the file it applied last says so)' });
  });

  it('kubectl scale, edit or patch changed the live object only, and the answer says what the file says', () => {
    expect(replicasSource(deployment(4, [{ manager: 'kubectl', operation: 'Update', subresource: 'scale', fieldsV1: owns }], { spec: { replicas: 5 } }))).toEqual({ fromFile: false, by: 'kubectl scale', fileSays: 5 });
    expect(replicasSource(deployment(4, [{ manager: 'k8s-tutor', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:template': {} } } }, { manager: 'kubectl', operation: 'Update', subresource: 'scale', fieldsV1: owns }]))).toEqual({ fromFile: false, by: 'kubectl scale' });
    expect(replicasSource(deployment(4, [{ manager: 'kubectl-edit', operation: 'Update', fieldsV1: owns }])).fromFile).toBe(false);
    expect(replicasSource(deployment(4, [{ manager: 'kubectl-patch', operation: 'Update', fieldsV1: owns }], 'not json'))).toEqual({ fromFile: false, by: 'kubectl patch' });
  });

  it('a file without replicas means 1', () => {
    expect(replicasSource(deployment(1, [], { spec: {} })).fromFile).toBe(true);
  });
});

describe('lesson 5: the scale event and the spread', () => {
  it('reads the count from the Deployment controller\'s event, old and new wording', () => {
    expect(scaledUpTo('Scaled up replica set fastapi-k8s-7f8b9c6d4 from 5 to 10')).toBe(10);
    expect(scaledUpTo('Scaled up replica set fastapi-k8s-7f8b9c6d4 to 10')).toBe(10);
    expect(scaledUpTo('Scaled down replica set fastapi-k8s-7f8b9c6d4 from 10 to 4')).toBeUndefined();
  });

  it('counts requests per pod', () => {
    expect([...perPod([{ pod: 'a' }, { pod: 'b' }, { pod: 'a' }]).entries()]).toEqual([['a', 2], ['b', 1]]);
  });
});

describe('lesson 5: pods over nodes', () => {
  it('says nothing on one node, and counts per node (empty ones too) on several', async () => {
    const { nodeSpread } = await import('../../../lessons/05-scaling/spread.js');
    expect(nodeSpread(['n1', 'n1'], ['n1'])).toEqual([]);
    expect(nodeSpread(['n1', 'n2', 'n1', undefined], ['n1', 'n2', 'n3'])[1]).toBe('4 pods over 3 nodes: n1 2, n2 1, n3 0, (not scheduled yet) 1.');
  });
});

describe('lesson 5: the counts it prints are true', () => {
  // Just after a scale-down from 10 the Deployment's status is summed from ReplicaSets whose status lags:
  // spec says 4, status still 10 replicas, 10 ready, rolled out. "10/4 replicas ready" came from there.
  const scaledDown = (): KubeObject => {
    const d = liveDeployment('fastapi-k8s', 4, 10);
    (d.status as { replicas: number }).replicas = 10;
    (d.status as { updatedReplicas: number }).updatedReplicas = 10;
    return d;
  };

  it('4/4 ready only once the Deployment counts 4: desired and ready from the same read', async () => {
    const check = replicasSettled('fastapi-k8s', 4);
    expect(check.name).toBe('fastapi-k8s: 4/4 replicas ready');
    const stale = await check.evaluate({ kube: new FakeKube([scaledDown()], 'ns'), namespace: 'ns' });
    expect(stale).toMatchObject({ passed: false, message: 'scaling down to 4: the Deployment still counts 10 pods, 10 of them ready', progress: { done: 4, total: 4 } });
    expect(stale.message).not.toMatch(/10\/4/);
    const settled = await check.evaluate({ kube: new FakeKube([liveDeployment('fastapi-k8s', 4, 4)], 'ns'), namespace: 'ns' });
    expect(settled).toMatchObject({ passed: true, message: '4/4 replicas ready' });
    const short = await check.evaluate({ kube: new FakeKube([liveDeployment('fastapi-k8s', 4, 3)], 'ns'), namespace: 'ns' });
    expect(short).toMatchObject({ passed: false, message: '3 of 4 replicas are ready' });
  });

  it('requests are counted as answered (lines in the pods\' logs), and the message says so, not "your 16 requests" of 20 sent', () => {
    expect(answeredSoFar(new Map([['a', 9], ['b', 7]]))).toBe("9 + 7 = 16 answers in the pods' logs so far");
    expect(answeredSoFar(new Map([['a', 1]]))).toBe('1 answer in its log so far');
  });

  it('the spread check\'s message: pods that answered, and answers so far', async () => {
    const log = (path: string) => JSON.stringify({ msg: 'request', time: new Date().toISOString(), method: 'GET', path, status: 200 });
    const kube = new FakeKube([pod('fastapi-k8s-a', 'fastapi-k8s'), pod('fastapi-k8s-b', 'fastapi-k8s')], 'ns');
    const check = requestsSpread(2);
    const logsOf: Record<string, string> = { 'fastapi-k8s-a': [log('/'), log('/')].join('\n'), 'fastapi-k8s-b': log('/') };
    Object.assign(kube, { logs: async (name: string) => logsOf[name] ?? '' });
    const result = await check.evaluate({ kube, namespace: 'ns', baseline: { at: new Date(0).toISOString() } });
    expect(result.message).toBe("2 pods answered your requests to /: 2 + 1 = 3 answers in the pods' logs so far");
  });
});

describe('lesson 5: every command it prints pastes into bash', () => {
  it('prints no <…> placeholder (bash reads it as a redirect), and every command parses in bash', () => {
    const texts = lesson.steps.flatMap((s) => (s.kind === 'tryIt' ? [...s.hints, String(s.kubectl)] : s.kind === 'act' && typeof s.kubectl === 'string' ? [s.kubectl] : [])).concat(lesson.hints ?? []);
    const commands = texts.filter((t) => /^(kubectl|sed|for|make) /.test(t));
    expect(commands.length).toBeGreaterThan(8);
    for (const text of texts) expect(text).not.toMatch(/<[^>]*>/);
    for (const command of commands) execFileSync('bash', ['-n', '-c', command]);
  });
});
