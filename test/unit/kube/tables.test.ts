import { describe, expect, it } from 'vitest';
import { POD_HEADER, podHeader, podRow, podTable } from '../../../src/kube/tables.js';
import type { KubeObject } from '../../../src/kube/types.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');

function pod(name: string, node: string | undefined, ip?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, creationTimestamp: '2026-01-01T00:09:15Z' },
    spec: { containers: [{}], ...(node ? { nodeName: node } : {}) },
    status: { phase: 'Running', ...(ip ? { podIP: ip } : {}), containerStatuses: [{ ready: true, restartCount: 1 }] },
  };
}

describe('pod tables', () => {
  it('podRow keeps its five columns when called as before', () => {
    expect(podRow(pod('a', 'n1'), NOW)).toEqual(['a', '1/1', 'Running', '1', '45s']);
    expect(POD_HEADER).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
  });

  it('adds IP and NODE in -o wide\'s order when asked', () => {
    expect(podHeader({ ip: true, node: true })).toEqual([...POD_HEADER, 'IP', 'NODE']);
    expect(podRow(pod('a', 'n1', '10.0.0.7'), NOW, { ip: true, node: true })).toEqual(['a', '1/1', 'Running', '1', '45s', '10.0.0.7', 'n1']);
    expect(podRow(pod('a', undefined), NOW, { ip: true, node: true }).slice(-2)).toEqual(['<none>', '<none>']);
  });

  it('podTable shows NODE only when the cluster has more than one node', () => {
    const pods = [pod('a', 'n1'), pod('b', 'n2')];
    expect(podTable(pods, { nodes: 1, now: NOW }).header).toEqual(POD_HEADER);
    expect(podTable(pods, { now: NOW }).header).toEqual(POD_HEADER);
    const three = podTable(pods, { nodes: 3, now: NOW });
    expect(three.header).toEqual([...POD_HEADER, 'NODE']);
    expect(three.rows.map((r) => r.at(-1))).toEqual(['n1', 'n2']);
    expect(podTable(pods, { nodes: 1, node: true, now: NOW }).header.at(-1)).toBe('NODE');
  });
});
