import { describe, expect, it } from 'vitest';
import { hpaFor, hpaTargets, scaledUpUnderLoad, stressRequestsSince } from '../../../lessons/lib/checks/hpa.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FakeKube, fullCluster, object, pod } from '../fake-kube.js';

const cpu = (percent: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: percent } } });
const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } };
const hpa = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = { currentReplicas: 2, desiredReplicas: 2 }) =>
  object('autoscaling/v2', 'HorizontalPodAutoscaler', name, { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fastapi-k8s' }, ...spec }, status }, { namespace: 'k8s-tutor' });
/** What `kubectl autoscale deployment fastapi-k8s --cpu-percent=50 --min=2 --max=10` makes, read as autoscaling/v2. */
const autoscaled = (percent = 50) => hpa('fastapi-k8s', { minReplicas: 2, maxReplicas: 10, metrics: [cpu(percent)] });
/** The guide's YAML. */
const guideYaml = hpa('fastapi-k8s-hpa', { minReplicas: 2, maxReplicas: 20, metrics: [cpu(50), memory] });
const rescale = (about: string, message: string, at: string) =>
  object('v1', 'Event', `e-${about}-${at}`, { reason: 'SuccessfulRescale', message, lastTimestamp: at, involvedObject: { kind: 'HorizontalPodAutoscaler', name: about } }, { namespace: 'k8s-tutor' });

const run = (check: ReturnType<typeof hpaTargets>, objects: KubeObject[], baseline?: unknown) => {
  const kube = new FakeKube(objects);
  return check.evaluate({ kube, namespace: kube.namespace, baseline });
};

describe('hpaTargets: the HPA, whatever its name', () => {
  it('kubectl autoscale\'s HPA (named after the Deployment) passes', async () => {
    const result = await run(hpaTargets('fastapi-k8s'), [autoscaled()]);
    expect(result.passed, result.message).toBe(true);
    expect(result.message).toBe('HorizontalPodAutoscaler fastapi-k8s scales fastapi-k8s: min 2, max 10, CPU 50%');
  });

  it('the guide\'s YAML (fastapi-k8s-hpa, CPU 50% and memory 70%) passes', async () => {
    expect((await run(hpaTargets('fastapi-k8s'), [guideYaml])).passed).toBe(true);
  });

  it('--cpu-percent=90 fails, naming the target and the fix', async () => {
    const result = await run(hpaTargets('fastapi-k8s'), [autoscaled(90)]);
    expect(result.passed).toBe(false);
    expect(result.message).toBe('HorizontalPodAutoscaler fastapi-k8s: its CPU target is 90%; the lesson\'s is 50%');
    expect(result.fix).toBe('kubectl delete hpa fastapi-k8s -n k8s-tutor && kubectl autoscale deployment fastapi-k8s --cpu-percent=50 --min=2 --max=10 -n k8s-tutor');
  });

  it('a memory-only HPA, min 1, or no room to scale fail', async () => {
    expect((await run(hpaTargets('fastapi-k8s'), [hpa('x', { minReplicas: 2, maxReplicas: 5, metrics: [memory] })])).message).toContain('it has no CPU target');
    expect((await run(hpaTargets('fastapi-k8s'), [hpa('x', { maxReplicas: 5, metrics: [cpu(50)] })])).message).toContain('minReplicas is 1');
    expect((await run(hpaTargets('fastapi-k8s'), [hpa('x', { minReplicas: 2, maxReplicas: 2, metrics: [cpu(50)] })])).message).toContain('no room to scale up');
  });

  it('no HPA, or one for another Deployment, fails with kubectl autoscale', async () => {
    const other = object('autoscaling/v2', 'HorizontalPodAutoscaler', 'other', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'other' } } }, { namespace: 'k8s-tutor' });
    const result = await run(hpaTargets('fastapi-k8s'), [other]);
    expect(result.passed).toBe(false);
    expect(result.fix).toContain('kubectl autoscale deployment fastapi-k8s --cpu-percent=50 --min=2');
  });

  it('hpaFor prefers the Deployment\'s own name, then the first by name', () => {
    expect(hpaFor([guideYaml, autoscaled()], 'fastapi-k8s')?.metadata.name).toBe('fastapi-k8s');
    expect(hpaFor([guideYaml], 'fastapi-k8s')?.metadata.name).toBe('fastapi-k8s-hpa');
  });
});

describe('scaledUpUnderLoad', () => {
  const since = { since: '2026-12-04T03:00:00.000Z' };
  const check = scaledUpUnderLoad('fastapi-k8s', 'fastapi-k8s');

  it('is latched, and starts its clock at the step', async () => {
    expect(check.latch).toBe(true);
    const baseline = (await check.baseline!({ kube: new FakeKube(), namespace: 'k8s-tutor' })) as { since: string };
    expect(Date.parse(baseline.since)).toBeGreaterThan(Date.now() - 5_000);
  });

  it('passes on a scale-up of the learner\'s HPA (any name) after the step began', async () => {
    const result = await run(check, [...fullCluster(), guideYaml, rescale('fastapi-k8s-hpa', 'New size: 4; reason: cpu resource utilization (percentage of request) above target', '2026-12-04T03:01:00Z')], since);
    expect(result.passed).toBe(true);
    expect(result.message).toBe('fastapi-k8s-hpa scaled up: New size: 4; reason: cpu resource utilization (percentage of request) above target');
  });

  it('a scale-up before the step, a scale-down, or another HPA\'s event does not count', async () => {
    const result = await run(check, [...fullCluster(), autoscaled(),
      rescale('fastapi-k8s', 'New size: 4; reason: cpu resource utilization (percentage of request) above target', '2026-12-04T02:59:00Z'),
      rescale('fastapi-k8s', 'New size: 2; reason: All metrics below target', '2026-12-04T03:02:00Z'),
      rescale('other', 'New size: 4; reason: cpu resource utilization (percentage of request) above target', '2026-12-04T03:02:00Z')], since);
    expect(result.passed).toBe(false);
    expect(result.message).toContain('has not scaled up since the step began');
    expect(result.fix).toContain('/proxy/stress?seconds=15');
  });

  it('without a metrics API it never passes by itself: it asks for the learner\'s load in the app\'s log', async () => {
    const noMetrics = fullCluster().filter((o) => o.kind !== 'APIService');
    const idle = await run(check, [...noMetrics, autoscaled(), pod('fastapi-k8s-a', 'fastapi-k8s')], since);
    expect(idle.passed).toBe(false);
    expect(idle.message).toContain('no load yet');

    const kube = new FakeKube([...noMetrics, autoscaled(), pod('fastapi-k8s-a', 'fastapi-k8s')]);
    kube.logs = async () => '{"time":"2026-12-04T03:01:00.000Z","level":"info","msg":"request","method":"GET","path":"/stress","status":200,"duration_ms":15000}\n';
    const loaded = await check.evaluate({ kube, namespace: kube.namespace, baseline: since });
    expect(loaded.passed).toBe(true);
    expect(loaded.message).toContain('your load reached the app (1 GET /stress requests in its log); this cluster has no metrics API');
  });

  it('stressRequestsSince counts only /stress requests at or after the time', () => {
    const log = [
      '{"time":"2026-12-04T02:59:59.000Z","level":"info","msg":"request","method":"GET","path":"/stress","status":200}',
      '{"time":"2026-12-04T03:00:01.000Z","level":"info","msg":"request","method":"GET","path":"/stress","status":200}',
      '{"time":"2026-12-04T03:00:02.000Z","level":"info","msg":"request","method":"GET","path":"/","status":200}',
      'not json /stress',
    ].join('\n');
    expect(stressRequestsSince(log, Date.parse('2026-12-04T03:00:00Z'))).toBe(1);
  });
});
