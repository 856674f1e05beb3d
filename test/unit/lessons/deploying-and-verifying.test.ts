import { describe, expect, it } from 'vitest';
import { requestsIn } from '../../../lessons/04-deploying-and-verifying/trace.js';

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
