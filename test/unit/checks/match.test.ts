import { describe, expect, it } from 'vitest';
import { byName, matchPartial, project, readPath } from '../../../src/checks/match.js';

describe('matchPartial', () => {
  it('treats maps as subsets: extra actual keys are ignored', () => {
    expect(matchPartial({ spec: { replicas: 5 } }, { spec: { replicas: 5, paused: false }, status: {} })).toEqual([]);
  });

  it('reports every mismatch with its path, not just the first', () => {
    const mismatches = matchPartial({ spec: { replicas: 5, minReadySeconds: 3 } }, { spec: { replicas: 1 } });
    expect(mismatches).toEqual([
      { path: 'spec.replicas', expected: 5, actual: 1 },
      { path: 'spec.minReadySeconds', expected: 3, actual: undefined },
    ]);
  });

  it('matches plain lists in order and with equal length', () => {
    expect(matchPartial({ ports: [{ port: 80 }] }, { ports: [{ port: 80, protocol: 'TCP' }] })).toEqual([]);
    expect(matchPartial({ ports: [{ port: 80 }] }, { ports: [{ port: 80 }, { port: 443 }] })).toHaveLength(1);
    expect(matchPartial({ args: ['a', 'b'] }, { args: ['b', 'a'] }).map((m) => m.path)).toEqual(['args[0]', 'args[1]']);
  });

  it('matches keyed lists by name, whatever the order and extra items', () => {
    const actual = { containers: [{ name: 'sidecar' }, { name: 'fastapi-k8s', livenessProbe: { httpGet: { path: '/health', port: 8000 } } }] };
    expect(matchPartial({ containers: byName([{ name: 'fastapi-k8s', livenessProbe: { httpGet: { path: '/health' } } }]) }, actual)).toEqual([]);
    expect(matchPartial({ containers: byName([{ name: 'fastapi-k8s', livenessProbe: { httpGet: { path: '/healthz' } } }]) }, actual)).toEqual([
      { path: 'containers[fastapi-k8s].livenessProbe.httpGet.path', expected: '/healthz', actual: '/health' },
    ]);
    expect(matchPartial({ containers: byName([{ name: 'missing' }]) }, actual)[0]).toMatchObject({ path: 'containers[missing]', actual: undefined });
  });

  it('compares quantities by value and numbers with their string form', () => {
    expect(matchPartial({ cpu: '0.1', memory: '128Mi' }, { cpu: '100m', memory: '134217728' })).toEqual([]);
    expect(matchPartial({ cpu: '200m' }, { cpu: '100m' })).toHaveLength(1);
    expect(matchPartial({ targetPort: 8000 }, { targetPort: '8000' })).toEqual([]);
    expect(matchPartial({ image: 'fastapi-k8s:1.0.0' }, { image: 'fastapi-k8s:1.0.1' })).toHaveLength(1);
  });

  it('projects the actual object onto the expectation for diffs', () => {
    expect(project({ spec: { replicas: 5 } }, { spec: { replicas: 3, paused: false }, status: { x: 1 } })).toEqual({ spec: { replicas: 3 } });
  });

  it('reads dotted paths', () => {
    expect(readPath({ status: { readyReplicas: 4 } }, 'status.readyReplicas')).toBe(4);
    expect(readPath({ status: {} }, 'status.readyReplicas.x')).toBeUndefined();
  });
});
