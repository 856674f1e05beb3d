import { describe, expect, it } from 'vitest';
import { kubeProxyLine } from '../../../lessons/02-core-concepts/nodes.js';
import type { KubeObject } from '../../../src/kube/types.js';

const pod = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels } });

describe('lesson 2: how kube-proxy runs on this cluster', () => {
  it('counts kube-proxy pods when it is a DaemonSet', () => {
    expect(kubeProxyLine([pod('kube-proxy-abcde', { 'k8s-app': 'kube-proxy' }), pod('coredns-1')], 1)).toBe('kube-proxy: 1 pod in kube-system (one per node; you have 1).');
    expect(kubeProxyLine([pod('kube-proxy-a'), pod('kube-proxy-b'), pod('kube-proxy-c')], 3)).toMatch(/^kube-proxy: 3 pods in kube-system/);
  });

  it('says it runs outside Kubernetes when no pod runs it, and that it cannot tell without the right to look', () => {
    expect(kubeProxyLine([pod('coredns-1')], 1)).toMatch(/no pod in kube-system runs it here/);
    expect(kubeProxyLine(undefined, 1)).toMatch(/cannot say/);
  });
});
