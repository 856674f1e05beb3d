import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../../src/errors.js';
import type { Session } from '../../../src/kube/connect.js';
import { assertReachable } from '../../../src/kube/reachable.js';
import type { Kube } from '../../../src/kube/types.js';

function session(serverVersion: () => Promise<unknown>): Session {
  return {
    kube: { namespace: 'ns', serverVersion } as unknown as Kube,
    cluster: { name: 'k8s-tutor-local', cluster: 'c', user: 'u', server: 'https://127.0.0.1:39999', flavor: 'k8s-tutor-local' },
  };
}

describe('assertReachable', () => {
  it('passes when the server answers', async () => {
    await expect(assertReachable(session(async () => ({ gitVersion: 'v1.34.4' })))).resolves.toBeUndefined();
  });

  it('turns a refused connection into a ClusterError naming the server', async () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const error = await assertReachable(session(async () => Promise.reject(refused))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as ClusterError).message).toBe('cannot reach https://127.0.0.1:39999 (ECONNREFUSED)');
    expect((error as ClusterError).cause).toBe(refused);
  });

  it('turns a hung server (AbortSignal.timeout) into "did not answer in time"', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    await expect(assertReachable(session(async () => Promise.reject(timeout)))).rejects.toThrow('https://127.0.0.1:39999 did not answer in time');
  });
});
