import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import lesson from '../../../lessons/06-self-healing/lesson.js';
import { learnerDeletedPod } from '../../../lessons/06-self-healing/deleted.js';
import { drainApplies, drainedNodeToGiveBack, learnerDrainedNode, nodesSchedulable } from '../../../lessons/06-self-healing/drained.js';
import { postThroughPortForward } from '../../../lessons/06-self-healing/post.js';
import { drainBusiestNode } from '../../../lessons/06-self-healing/steps.js';
import type { LessonContext } from '../../../src/course/lesson.js';
import { probeProblem, probesOnAppPort, resolvePort } from '../../../lessons/lib/checks/probes.js';
import type { Kube, KubeObject } from '../../../src/kube/types.js';

const container = { name: 'fastapi-k8s', ports: [{ name: 'http', containerPort: 8000 }] };

describe('lesson 6 probes: any probe that asks the app on its HTTP port', () => {
  it('accepts the guide\'s spelling (GET / on 8000), the manifest\'s (/health, /ready), a named port, a numeric string and a TCP probe', () => {
    expect(probeProblem({ httpGet: { path: '/', port: 8000 } }, container)).toBeUndefined();
    expect(probeProblem({ httpGet: { path: '/health', port: 8000 } }, container)).toBeUndefined();
    expect(probeProblem({ httpGet: { path: '/ready', port: 'http' } }, container)).toBeUndefined();
    expect(probeProblem({ httpGet: { port: '8000' } }, container)).toBeUndefined();
    expect(probeProblem({ tcpSocket: { port: 8000 } }, container)).toBeUndefined();
  });

  it('refuses a missing probe, a wrong port, an unknown port name and an exec probe, saying why', () => {
    expect(probeProblem(undefined, container)).toBe('is not set');
    expect(probeProblem({ httpGet: { path: '/', port: 8080 } }, container)).toBe('asks port 8080; the app listens on 8000');
    expect(probeProblem({ httpGet: { path: '/', port: 'web' } }, container)).toBe('names port "web", which no containerPort of the container is called');
    expect(probeProblem({ exec: { command: ['true'] } }, container)).toMatch(/runs a command/);
    expect(resolvePort('http', { ports: [{ name: 'http', containerPort: 9000 }] })).toBe(9000);
  });

  it('the check passes on the guide\'s YAML and fails with the fix when readiness is missing', async () => {
    const deployment = (c: object): Kube => ({ namespace: 'ns', get: async () => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fastapi-k8s' }, spec: { template: { spec: { containers: [c] } } } }) }) as unknown as Kube;
    const guide = { name: 'fastapi-k8s', image: 'fastapi-k8s:latest', ports: [{ containerPort: 8000 }], livenessProbe: { httpGet: { path: '/', port: 8000 } }, readinessProbe: { httpGet: { path: '/', port: 8000 } } };
    expect(await probesOnAppPort.evaluate({ kube: deployment(guide), namespace: 'ns' })).toMatchObject({ passed: true, message: 'liveness asks /, readiness asks /, both on port 8000' });
    const half = await probesOnAppPort.evaluate({ kube: deployment({ ...guide, readinessProbe: undefined }), namespace: 'ns' });
    expect(half).toMatchObject({ passed: false, message: 'Deployment fastapi-k8s: readinessProbe is not set' });
    expect(half.fix).toMatch(/kubectl apply -f .*\/manifests\/deployment-probes\.yaml -n ns$/);
  });
});

const pod = (name: string, uid: string, rs: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, uid, ownerReferences: [{ kind: 'ReplicaSet', name: rs }] } as unknown as KubeObject['metadata'] });
const created = (rs: string, pod: string): KubeObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: `e-${pod}`, uid: `e-${pod}` }, involvedObject: { kind: 'ReplicaSet', name: rs }, reason: 'SuccessfulCreate', message: `Created pod: ${pod}`, count: 1 } as unknown as KubeObject);

function cluster(pods: KubeObject[], events: KubeObject[]): Kube {
  return { namespace: 'ns', list: async (_v: string, kind: string) => (kind === 'Pod' ? pods : events) } as unknown as Kube;
}

describe('lesson 6: the learner\'s delete, told apart from a rollout', () => {
  const start = [pod('a', '1', 'rs1'), pod('b', '2', 'rs1')];
  const baseline = () => learnerDeletedPod.baseline!({ kube: cluster(start, [created('rs1', 'a')]), namespace: 'ns' });

  it('passes when a pod is gone and the same ReplicaSet made a new one', async () => {
    const result = await learnerDeletedPod.evaluate({ kube: cluster([pod('b', '2', 'rs1'), pod('c', '3', 'rs1')], [created('rs1', 'a'), created('rs1', 'c')]), namespace: 'ns', baseline: await baseline() });
    expect(result).toMatchObject({ passed: true, message: 'a pod was deleted and ReplicaSet rs1 created c in its place' });
  });

  it('still passes after a rollout replaced every pod, on the ReplicaSet\'s SuccessfulCreate event', async () => {
    const result = await learnerDeletedPod.evaluate({ kube: cluster([pod('x', '8', 'rs2'), pod('y', '9', 'rs2')], [created('rs1', 'a'), created('rs1', 'c'), created('rs2', 'x')]), namespace: 'ns', baseline: await baseline() });
    expect(result.passed).toBe(true);
    expect(learnerDeletedPod.latch).toBe(true);
  });

  it('does not count a create event that arrives late for a pod that was already there', async () => {
    const late = await learnerDeletedPod.evaluate({ kube: cluster(start, [created('rs1', 'a'), created('rs1', 'b')]), namespace: 'ns', baseline: await baseline() });
    expect(late.passed).toBe(false);
  });

  it('fails on a rollout alone (new pods from a new ReplicaSet), and when nothing happened, naming the step', async () => {
    const rollout = await learnerDeletedPod.evaluate({ kube: cluster([pod('x', '8', 'rs2'), pod('y', '9', 'rs2')], [created('rs1', 'a'), created('rs2', 'x')]), namespace: 'ns', baseline: await baseline() });
    expect(rollout).toMatchObject({ passed: false, actual: 'pods replaced by a rollout (a new ReplicaSet), not by a delete' });
    const nothing = await learnerDeletedPod.evaluate({ kube: cluster(start, [created('rs1', 'a')]), namespace: 'ns', baseline: await baseline() });
    expect(nothing.passed).toBe(false);
    expect(nothing.message).toMatch(/the step "delete any fastapi-k8s pod" is not done$/);
    expect(nothing.fix).toBe('kubectl delete $(kubectl get pods -l app=fastapi-k8s -n ns -o name | head -1) -n ns');
  });
});

describe('lesson 6 on several nodes: the learner\'s drain, and the node given back', () => {
  const local = { name: 'kind-k', cluster: 'kind-k', user: 'me', server: 'https://127.0.0.1:6443', flavor: 'kind' as const };
  const foreign = { ...local, name: 'prod', flavor: 'generic' as const, server: 'https://192.0.2.10:6443' };
  const node = (name: string, cordoned = false): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: cordoned ? { unschedulable: true } : {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  const onNode = (name: string, uid: string, nodeName: string, ready = true): KubeObject => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, uid }, spec: { nodeName },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  });
  const twoReplicas: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fastapi-k8s' }, spec: { replicas: 3 } };
  const kube = (nodes: KubeObject[], pods: KubeObject[], events: KubeObject[] = []): Kube => ({
    namespace: 'ns', get: async () => twoReplicas, list: async (_v: string, kind: string) => ({ Node: nodes, Pod: pods, Event: events })[kind] ?? [],
  }) as unknown as Kube;
  const killing = (pod: string, host: string, at: string): KubeObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: `k-${pod}` }, involvedObject: { kind: 'Pod', name: pod }, reason: 'Killing', source: { component: 'kubelet', host }, lastTimestamp: at } as unknown as KubeObject);
  const start = [onNode('p1', '1', 'a'), onNode('p2', '2', 'a'), onNode('p3', '3', 'b')];
  const nodes = [node('a'), node('b'), node('c')];

  it('asks nothing on one node, or on a cluster the guard accepts only when told', async () => {
    const one = await learnerDrainedNode.baseline!({ kube: kube([node('a')], start), namespace: 'ns', cluster: local });
    expect(await learnerDrainedNode.evaluate({ kube: kube([node('a')], start), namespace: 'ns', cluster: local, baseline: one })).toMatchObject({ passed: true, message: expect.stringMatching(/^not asked on this cluster: this cluster has one node/) });
    const remote = await learnerDrainedNode.baseline!({ kube: kube(nodes, start), namespace: 'ns', cluster: foreign });
    expect((await learnerDrainedNode.evaluate({ kube: kube(nodes, start), namespace: 'ns', cluster: foreign, baseline: remote })).message).toMatch(/not one the tutor accepts as local/);
    expect((await nodesSchedulable.evaluate({ kube: kube([node('a', true)], start), namespace: 'ns', cluster: local })).passed).toBe(true);
    const forbidden = { namespace: 'ns', list: async (_v: string, kind: string) => { if (kind === 'Node') throw new Error('403'); return start; } } as unknown as Kube;
    const unreadable = await learnerDrainedNode.baseline!({ kube: forbidden, namespace: 'ns', cluster: local });
    expect((await learnerDrainedNode.evaluate({ kube: forbidden, namespace: 'ns', cluster: local, baseline: unreadable })).message).toBe('not asked on this cluster: the tutor cannot read this cluster\'s nodes (your access is limited to its namespace)');
    expect((await nodesSchedulable.evaluate({ kube: forbidden, namespace: 'ns', cluster: local })).message).toBe('no node was drained, so there is none to give back');
  });

  it('on one node, the reason is said once: by the drain step and the drain check, not again by the act before, the uncordon step or its check', async () => {
    const oneNode = kube([node('a')], start);
    const ctx = { kube: oneNode, namespace: 'ns', cluster: local, vars: {}, fill: (t: string) => t } as unknown as LessonContext;
    const reason = await drainApplies(ctx);
    expect(reason).toMatch(/^this cluster has one node/);
    expect(await drainedNodeToGiveBack(ctx)).toBe('no node was drained, so there is none to give back');
    const shown = (await drainBusiestNode(ctx)).join('\n');
    expect(shown).not.toContain(String(reason));
    expect(shown).toContain('kubectl drain NODE_NAME --ignore-daemonsets --delete-emptydir-data');
    const baseline = await learnerDrainedNode.baseline!({ kube: oneNode, namespace: 'ns', cluster: local });
    const messages = [
      (await learnerDrainedNode.evaluate({ kube: oneNode, namespace: 'ns', cluster: local, baseline })).message,
      (await nodesSchedulable.evaluate({ kube: oneNode, namespace: 'ns', cluster: local })).message,
    ];
    expect(messages.filter((m) => m.includes(String(reason)))).toHaveLength(1);
    expect(messages.filter((m) => /not asked on this cluster/.test(m))).toHaveLength(1);
  });

  it('passes when a node that ran the app is cordoned, its pods gone and every replica Ready on the others', async () => {
    const baseline = await learnerDrainedNode.baseline!({ kube: kube(nodes, start), namespace: 'ns', cluster: local });
    const after = [onNode('p3', '3', 'b'), onNode('p4', '4', 'b'), onNode('p5', '5', 'c')];
    expect(await learnerDrainedNode.evaluate({ kube: kube([node('a', true), node('b'), node('c')], after), namespace: 'ns', cluster: local, baseline })).toMatchObject({
      passed: true, message: 'node a was cordoned and the fastapi-k8s pods on it evicted; all 3 replicas are Ready on other nodes',
    });
    expect(learnerDrainedNode.latch).toBe(true);
  });

  it('fails on a cordon alone, on deletes without a cordon, and while the replacements are not Ready; the fix names the busiest node', async () => {
    const baseline = await learnerDrainedNode.baseline!({ kube: kube(nodes, start), namespace: 'ns', cluster: local });
    const cordonOnly = await learnerDrainedNode.evaluate({ kube: kube([node('a', true), node('b'), node('c')], start), namespace: 'ns', cluster: local, baseline });
    expect(cordonOnly).toMatchObject({ passed: false, message: 'node a is cordoned, but no fastapi-k8s pods were evicted from it, or they are not all Ready elsewhere yet' });
    const replaced = [onNode('p3', '3', 'b'), onNode('p4', '4', 'b'), onNode('p5', '5', 'a')];
    const deletes = await learnerDrainedNode.evaluate({ kube: kube(nodes, replaced), namespace: 'ns', cluster: local, baseline });
    expect(deletes.passed).toBe(false);
    expect(deletes.fix).toBe('kubectl drain b --ignore-daemonsets --delete-emptydir-data');
    const notReady = [onNode('p3', '3', 'b'), onNode('p4', '4', 'b', false), onNode('p5', '5', 'c')];
    expect((await learnerDrainedNode.evaluate({ kube: kube([node('a', true), node('b'), node('c')], notReady), namespace: 'ns', cluster: local, baseline })).passed).toBe(false);
  });

  it('a node whose pods all came after the step began (a rollout) counts when its kubelet stopped app pods since; an empty node cordoned does not', async () => {
    const baseline = await learnerDrainedNode.baseline!({ kube: kube(nodes, start), namespace: 'ns', cluster: local });
    const after = [onNode('fastapi-k8s-x', '7', 'a'), onNode('fastapi-k8s-y', '8', 'b'), onNode('fastapi-k8s-z', '9', 'b')];
    const cordonedC = [node('a'), node('b'), node('c', true)];
    const later = new Date(Date.now() + 5_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const earlier = '2026-01-01T00:00:00Z';
    expect((await learnerDrainedNode.evaluate({ kube: kube(cordonedC, after, [killing('fastapi-k8s-w', 'c', later)]), namespace: 'ns', cluster: local, baseline })).passed).toBe(true);
    expect((await learnerDrainedNode.evaluate({ kube: kube(cordonedC, after, [killing('fastapi-k8s-w', 'c', earlier)]), namespace: 'ns', cluster: local, baseline })).passed).toBe(false);
    expect((await learnerDrainedNode.evaluate({ kube: kube(cordonedC, after, [killing('other-app-1', 'c', later)]), namespace: 'ns', cluster: local, baseline })).passed).toBe(false);
  });

  it('the node must be given back: a cordoned node fails with the uncordon, none passes', async () => {
    const left = await nodesSchedulable.evaluate({ kube: kube([node('a', true), node('b')], start), namespace: 'ns', cluster: local });
    expect(left).toMatchObject({ passed: false, message: 'node a is still cordoned (SchedulingDisabled): no new pod can go there', fix: 'kubectl uncordon a' });
    expect((await nodesSchedulable.evaluate({ kube: kube(nodes, start), namespace: 'ns', cluster: local })).passed).toBe(true);
  });
});

describe('lesson 6: every command it prints pastes into bash', () => {
  it('POSTs through a port-forward that curl waits for (it retries while refused) and that is stopped afterwards', () => {
    expect(postThroughPortForward('{crashPod}', '/crash')).toBe('kubectl port-forward pod/{crashPod} 8000 -n {ns} & curl --retry 5 --retry-connrefused -X POST localhost:8000/crash; kill $!');
  });

  it('prints no <…> placeholder (bash reads it as a redirect), and every command parses in bash', () => {
    const commands = lesson.steps.flatMap((s) => (s.kind === 'tryIt' ? [...s.hints, String(s.kubectl)] : s.kind === 'act' && typeof s.kubectl === 'string' ? [s.kubectl] : [])).concat(lesson.hints ?? []);
    const ports = commands.filter((c) => c.includes('port-forward'));
    expect(ports).toHaveLength(4);
    for (const command of ports) expect(command).toMatch(/^kubectl port-forward pod\/\{\w+\} 8000 -n \{ns\} & curl --retry 5 --retry-connrefused -X POST localhost:8000\/\S+; kill \$!$/);
    for (const command of commands) {
      expect(command).not.toMatch(/<[^>]*>/);
      execFileSync('bash', ['-n', '-c', command]);
    }
  });
});
