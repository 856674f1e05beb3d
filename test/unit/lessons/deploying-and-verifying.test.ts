import { describe, expect, it } from 'vitest';
import { downwardApiNote, downwardVariablesMissing } from '../../../lessons/04-deploying-and-verifying/downward-api.js';
import { requestsIn } from '../../../lessons/04-deploying-and-verifying/trace.js';
import type { LessonContext } from '../../../src/course/lesson.js';
import { FakeKube, object } from '../fake-kube.js';

const LOG = [
  '{"time":"2026-01-01T00:00:01.000Z","level":"info","msg":"listening","port":8000}',
  '{"time":"2026-01-01T00:00:02.000Z","level":"info","msg":"request","method":"GET","path":"/info","status":200,"duration_ms":0.4}',
  '{"time":"2026-01-01T00:00:05.000Z","level":"info","msg":"request","method":"GET","path":"/","status":200,"duration_ms":0.2}',
  'Error: something "path":"/info" in a stack trace',
  '{"time":"2026-01-01T00:00:09.000Z","level":"info","msg":"request","method":"GET","path":"/info","status":200,"duration_ms":0.3}',
].join('\n');

describe('lesson 4: the learner\'s request in the app\'s log', () => {
  it('finds the access-log lines for the path, since a moment', () => {
    expect(requestsIn(LOG, '/info').map((r) => r.time)).toEqual(['2026-01-01T00:00:02.000Z', '2026-01-01T00:00:09.000Z']);
    expect(requestsIn(LOG, '/info', '2026-01-01T00:00:03.000Z')).toEqual([{ time: '2026-01-01T00:00:09.000Z', method: 'GET', path: '/info', status: 200 }]);
    expect(requestsIn(LOG, '/info', '2026-01-01T00:00:10.000Z')).toEqual([]);
  });

  it('ignores other paths and lines that are not the app\'s JSON', () => {
    expect(requestsIn(LOG, '/').map((r) => r.path)).toEqual(['/']);
    expect(requestsIn('not json "path":"/info"', '/info')).toEqual([]);
  });
});

describe('lesson 4: why POD_* may be empty and /info may say "unknown"', () => {
  const withEnv = (env?: { name: string }[]) =>
    object('apps/v1', 'Deployment', 'fastapi-k8s', { spec: { template: { spec: { containers: [{ name: 'fastapi-k8s', image: 'fastapi-k8s:latest', ...(env ? { env } : {}) }] } } } });
  const noteFor = (deployment: ReturnType<typeof withEnv>) => downwardApiNote({ kube: new FakeKube([deployment]) } as unknown as LessonContext);

  it('the guide\'s YAML (no env): says that env | grep POD_ prints nothing, that /info says unknown, and what adds them', async () => {
    expect(downwardVariablesMissing(withEnv())).toEqual(['POD_NAME', 'POD_IP', 'NODE_NAME', 'POD_NAMESPACE']);
    const note = (await noteFor(withEnv())).join('\n');
    expect(note).toContain('`env | grep POD_` prints nothing');
    expect(note).toContain('"pod_ip":"unknown"');
    expect(note).toContain('POD_IP from status.podIP');
    expect(note).toContain('{manifests}/k8s.yaml');
  });

  it('the course\'s k8s.yaml: says the pod is told its facts, and names only what is missing otherwise', async () => {
    const all = withEnv(['POD_NAME', 'POD_IP', 'NODE_NAME', 'POD_NAMESPACE'].map((name) => ({ name })));
    expect(downwardVariablesMissing(all)).toEqual([]);
    expect((await noteFor(all)).join('\n')).toContain('`env | grep POD_` lists them');
    const some = withEnv([{ name: 'POD_NAME' }, { name: 'NODE_NAME' }]);
    const note = (await noteFor(some)).join('\n');
    expect(note).toContain('sets no POD_IP, POD_NAMESPACE');
    expect(note).toContain('prints only some');
  });
});
