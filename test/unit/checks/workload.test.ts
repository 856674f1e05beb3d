import { describe, expect, it } from 'vitest';
import { countReadyEndpoints, endpointsReady, explainPods, podReplaced, replicasReady } from '../../../src/checks/workload.js';
import { FakeKube, deployment, pod } from '../fake-kube.js';

const ctxOf = (kube: FakeKube, baseline?: unknown) => ({ kube, namespace: 'k8s-tutor', baseline });

describe('replicasReady', () => {
  it('passes with counts when every replica is ready', async () => {
    const kube = new FakeKube();
    kube.put(deployment('fastapi-k8s', 5, 5));
    const result = await replicasReady('fastapi-k8s', 5).evaluate(ctxOf(kube));
    expect(result).toMatchObject({ passed: true, message: '5/5 replicas ready', progress: { done: 5, total: 5 } });
  });

  it('names a wrong replica count and the kubectl scale that fixes it', async () => {
    const kube = new FakeKube();
    kube.put(deployment('fastapi-k8s', 1, 1));
    const result = await replicasReady('fastapi-k8s', 3).evaluate(ctxOf(kube));
    expect(result).toMatchObject({ passed: false, message: 'replicas is 1; this lesson expects 3', fix: 'kubectl scale deployment fastapi-k8s --replicas=3 -n k8s-tutor', path: 'spec.replicas' });
  });

  it('explains why pods are not ready, from their container states', async () => {
    const kube = new FakeKube();
    kube.put(deployment('fastapi-k8s', 2, 0));
    const stuck = pod('fastapi-k8s-abc', 'fastapi-k8s', false);
    (stuck.status as { containerStatuses: { state: unknown }[] }).containerStatuses[0]!.state = { waiting: { reason: 'ErrImageNeverPull', message: 'image not present with pull policy of Never' } };
    kube.put(stuck);
    const result = await replicasReady('fastapi-k8s', 2).evaluate(ctxOf(kube));
    expect(result.passed).toBe(false);
    expect(result.message).toBe('0 of 2 replicas are ready: pod fastapi-k8s-abc is ErrImageNeverPull (image not present with pull policy of Never)');
    expect(result.involvedPods).toEqual(['fastapi-k8s-abc']);
  });

  it('a rollout still in progress is not ready even when the counts look right', async () => {
    const kube = new FakeKube();
    kube.put(deployment('fastapi-k8s', 5, 5, { generation: 2, observedGeneration: 1 }));
    expect((await replicasReady('fastapi-k8s', 5).evaluate(ctxOf(kube))).passed).toBe(false);
  });

  it('says plainly when a pod cannot be scheduled', () => {
    const pending = pod('p', 'x', false);
    pending.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' }] };
    expect(explainPods([pending])).toBe('pod p cannot be scheduled: 0/1 nodes are available: 1 Insufficient cpu.');
  });
});

describe('endpointsReady', () => {
  const slice = (addresses: [string, boolean][]) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `s-${addresses.length}`, labels: { 'kubernetes.io/service-name': 'fastapi-k8s' } },
    endpoints: addresses.map(([ip, ready]) => ({ addresses: [ip], conditions: { ready } })),
  });

  it('counts ready addresses across slices', () => {
    expect(countReadyEndpoints([slice([['10.0.0.1', true], ['10.0.0.2', false]]), slice([['10.0.0.3', true]])])).toBe(2);
  });

  it('fails with the count when it differs', async () => {
    const kube = new FakeKube();
    kube.put(slice([['10.0.0.1', true], ['10.0.0.2', true]]));
    const result = await endpointsReady('fastapi-k8s', 5).evaluate(ctxOf(kube));
    expect(result).toMatchObject({ passed: false, message: 'service fastapi-k8s has 2 ready endpoints; this lesson expects 5', progress: { done: 2, total: 5 } });
  });
});

describe('podReplaced (before/after)', () => {
  it('passes only once a pod from the baseline is gone and a new one exists', async () => {
    const kube = new FakeKube();
    kube.put(pod('a', 'fastapi-k8s'));
    kube.put(pod('b', 'fastapi-k8s'));
    const check = podReplaced('fastapi-k8s');
    const baseline = await check.baseline!(ctxOf(kube));
    expect((await check.evaluate(ctxOf(kube, baseline))).passed).toBe(false);
    kube.remove('Pod', 'a');
    expect((await check.evaluate(ctxOf(kube, baseline))).passed).toBe(false);
    kube.put(pod('c', 'fastapi-k8s'));
    const after = await check.evaluate(ctxOf(kube, baseline));
    expect(after).toMatchObject({ passed: true, message: 'pod c replaced a deleted one' });
  });

  it('without a baseline it asks for one rather than guessing', async () => {
    const result = await podReplaced('fastapi-k8s').evaluate(ctxOf(new FakeKube()));
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/no starting point/);
  });
});
