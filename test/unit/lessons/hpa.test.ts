import { describe, expect, it } from 'vitest';
import { hpaDesiredRose, hpaScaledUp } from '../../../lessons/lib/checks/hpa.js';
import { FakeKube, fullCluster, object } from '../fake-kube.js';

const hpa = (desired: number) => object('autoscaling/v2', 'HorizontalPodAutoscaler', 'fastapi-k8s', { status: { currentReplicas: 5, desiredReplicas: desired } }, { namespace: 'k8s-tutor' });
const rescale = (message: string) => object('v1', 'Event', `e-${message.length}`, { reason: 'SuccessfulRescale', message, involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'fastapi-k8s' } }, { namespace: 'k8s-tutor' });

describe('hpaScaledUp', () => {
  it('passes on a scale-up event', async () => {
    const kube = new FakeKube([...fullCluster(), hpa(10), rescale('New size: 10; reason: cpu resource utilization (percentage of request) above target')]);
    const result = await hpaScaledUp('fastapi-k8s').evaluate({ kube, namespace: kube.namespace });
    expect(result.passed).toBe(true);
    expect(result.message).toContain('New size: 10');
  });

  it('fails with the load command when metrics exist and only a scale-down happened', async () => {
    const kube = new FakeKube([...fullCluster(), hpa(2), rescale('New size: 2; reason: All metrics below target')]);
    const result = await hpaScaledUp('fastapi-k8s').evaluate({ kube, namespace: kube.namespace });
    expect(result.passed).toBe(false);
    expect(result.message).toContain('has not scaled up yet');
    expect(result.fix).toContain('/proxy/stress?seconds=20');
  });

  it('without metrics-server checks only the HPA object, and says so', async () => {
    const kube = new FakeKube([...fullCluster().filter((o) => o.kind !== 'APIService'), hpa(5)]);
    const result = await hpaScaledUp('fastapi-k8s').evaluate({ kube, namespace: kube.namespace });
    expect(result.passed).toBe(true);
    expect(result.message).toContain('no metrics API');
  });
});

describe('hpaDesiredRose', () => {
  it('compares desired replicas with the baseline', async () => {
    const check = hpaDesiredRose('fastapi-k8s');
    const before = await check.baseline!({ kube: new FakeKube([hpa(5)]), namespace: 'k8s-tutor' });
    expect(before).toEqual({ desired: 5 });
    expect((await check.evaluate({ kube: new FakeKube([hpa(5)]), namespace: 'k8s-tutor', baseline: before })).passed).toBe(false);
    const after = await check.evaluate({ kube: new FakeKube([hpa(8)]), namespace: 'k8s-tutor', baseline: before });
    expect(after.passed).toBe(true);
    expect(after.message).toBe('desired replicas rose from 5 to 8');
  });
});
