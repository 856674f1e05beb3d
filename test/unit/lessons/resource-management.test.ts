import { describe, expect, it } from 'vitest';
import { resourcesAsInGuide } from '../../../lessons/08-resource-management/lesson.js';
import type { Kube } from '../../../src/kube/types.js';

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
