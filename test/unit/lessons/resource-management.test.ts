import { describe, expect, it } from 'vitest';
import { resourcesAsInGuide } from '../../../lessons/08-resource-management/lesson.js';
import { schedulerSaidWhy } from '../../../lessons/08-resource-management/steps.js';
import type { Kube, KubeObject } from '../../../src/kube/types.js';
import { FakeKube } from '../fake-kube.js';

const withResources = (resources: object): Kube => ({ namespace: 'ns', get: async () => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fastapi-k8s' }, spec: { template: { spec: { containers: [{ name: 'fastapi-k8s', resources }] } } } }) }) as unknown as Kube;

describe('lesson 8: requests and limits by value', () => {
  it('accepts the guide\'s spelling and the same quantities written otherwise', async () => {
    const guide = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
    const other = { requests: { cpu: '0.1', memory: String(128 * 2 ** 20) }, limits: { cpu: '0.5', memory: '0.25Gi' } };
    expect((await resourcesAsInGuide.evaluate({ kube: withResources(guide), namespace: 'ns' })).passed).toBe(true);
    expect((await resourcesAsInGuide.evaluate({ kube: withResources(other), namespace: 'ns' })).passed).toBe(true);
  });

  it('refuses 128M (decimal megabytes), which is about 5% less than 128Mi', async () => {
    const decimal = { requests: { cpu: '100m', memory: '128M' }, limits: { cpu: '500m', memory: '256Mi' } };
    expect((await resourcesAsInGuide.evaluate({ kube: withResources(decimal), namespace: 'ns' })).passed).toBe(false);
  });
});

describe('lesson 8: the step that shows the scheduler\'s reason waits for it to be recorded', () => {
  it('fails while the Pending pod has no FailedScheduling event, and passes with its message once it has', async () => {
    const pending = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fastapi-k8s-new', labels: { app: 'fastapi-k8s' } }, status: { phase: 'Pending' } };
    const kube = new FakeKube([pending]);
    const check = schedulerSaidWhy('fastapi-k8s');
    expect((await check.evaluate({ kube, namespace: kube.namespace })).passed).toBe(false);
    kube.put({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1' }, involvedObject: { kind: 'Pod', name: 'fastapi-k8s-new' }, reason: 'FailedScheduling', message: '0/1 nodes are available: 1 Insufficient cpu.' } as KubeObject);
    const passed = await check.evaluate({ kube, namespace: kube.namespace });
    expect(passed).toMatchObject({ passed: true, message: 'pod fastapi-k8s-new: 0/1 nodes are available: 1 Insufficient cpu.' });
  });
});
