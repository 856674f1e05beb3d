import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { requestsOfLessonEight, unlessAlreadyApplied } from '../../../lessons/09-monitoring/already-applied.js';
import { livenessOnAppPort } from '../../../lessons/09-monitoring/lesson.js';
import { requestsIn } from '../../../lessons/09-monitoring/request-logged.js';
import type { LessonContext } from '../../../src/course/lesson.js';
import type { Kube, KubeObject } from '../../../src/kube/types.js';
import { FakeKube } from '../fake-kube.js';

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

describe('lesson 9: applying lesson 8\'s file, only when it is not there already', () => {
  const shipped = (file: string) => parseAllDocuments(readFileSync(`manifests/${file}`, 'utf8')).map((d) => d.toJS() as KubeObject)[0]!;
  const appliesOn = (file: string) => unlessAlreadyApplied([livenessOnAppPort, requestsOfLessonEight])({ kube: new FakeKube([shipped(file)]), namespace: 'k8s-tutor' } as unknown as LessonContext);

  it('lesson 11\'s Deployment (probes, no requests) does not pass the step by itself: the learner still applies the file', async () => {
    expect(await appliesOn('deployment-config.yaml')).toBe(true);
    expect(await appliesOn('deployment-probes.yaml')).toBe(true);
    expect(await appliesOn('k8s.yaml')).toBe(true);
  });

  it('after lesson 8 (its file applied) the step is passed over, and says why', async () => {
    expect(await appliesOn('deployment-resources.yaml')).toMatch(/already has a liveness probe .* and lesson 8's requests and limits/);
  });
});
