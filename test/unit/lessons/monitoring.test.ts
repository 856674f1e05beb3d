import { describe, expect, it } from 'vitest';
import { livenessOnAppPort } from '../../../lessons/09-monitoring/lesson.js';
import { requestsIn } from '../../../lessons/09-monitoring/request-logged.js';
import type { Kube } from '../../../src/kube/types.js';

const line = (path: string, time: string) => JSON.stringify({ time, level: 'info', msg: 'request', method: 'GET', path, status: 200, duration_ms: 0.2 });

describe('lesson 9: the learner\'s request, found in a log', () => {
  it('finds request lines for the path that are newer than the start, and ignores others and non-JSON lines', () => {
    const log = [line('/', '2026-01-01T00:00:05Z'), line('/version', '2026-01-01T00:00:01Z'), 'Warning: something /version', line('/version', '2026-01-01T00:00:09Z')].join('\n');
    expect(requestsIn(log, '/version', Date.parse('2026-01-01T00:00:03Z'))).toEqual([expect.objectContaining({ path: '/version', time: '2026-01-01T00:00:09Z' })]);
    expect(requestsIn(log, '/version', Date.parse('2026-01-01T00:00:10Z'))).toEqual([]);
  });

  it('a liveness probe by meaning: the guide\'s GET / on 8000 passes, an exec probe does not', async () => {
    const kube = (probe: object): Kube => ({ namespace: 'ns', get: async () => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fastapi-k8s' }, spec: { template: { spec: { containers: [{ name: 'fastapi-k8s', livenessProbe: probe }] } } } }) }) as unknown as Kube;
    expect(await livenessOnAppPort.evaluate({ kube: kube({ httpGet: { path: '/', port: 8000 } }), namespace: 'ns' })).toMatchObject({ passed: true, message: 'liveness asks /, on port 8000' });
    expect((await livenessOnAppPort.evaluate({ kube: kube({ exec: { command: ['true'] } }), namespace: 'ns' })).passed).toBe(false);
  });
});
