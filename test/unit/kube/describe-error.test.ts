import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../../src/errors.js';
import { describeError } from '../../../src/kube/describe-error.js';
import { ApiError } from '../../../src/kube/http.js';

const server = 'https://127.0.0.1:6443';

function fetchFailure(code: string): Error {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:6443`), { code });
  return new TypeError('fetch failed', { cause });
}

describe('describeError', () => {
  it('passes a TutorError through unchanged', () => {
    expect(describeError(new ClusterError('it broke', 'do this'))).toEqual({ message: 'it broke', hint: 'do this' });
  });

  it.each([
    [401, /did not accept your credentials \(401 Unauthorized\)/, /expired or invalid/],
    [403, /not allowed: pods is forbidden/, /k8s-tutor doctor/],
    [404, /not found/, /lesson offers it/],
    [409, /conflict/, /run the command again/],
    [422, /rejected an object/, /dry-run=server/],
    [500, /answered 500/, /doctor/],
  ])('explains HTTP %i from the API server', (status, message, hint) => {
    const body = JSON.stringify({ kind: 'Status', message: 'pods is forbidden: User "x" cannot list resource "pods"' });
    const described = describeError(new ApiError(status, body, 'GET', '/api/v1/pods'), server);
    expect(described.status).toBe(status);
    expect(described.message).toMatch(message);
    expect(described.hint).toMatch(hint);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH'])('says the cluster cannot be reached on %s, naming the server', (code) => {
    const described = describeError(fetchFailure(code), server);
    expect(described.message).toBe(`cannot reach ${server} (${code})`);
    expect(described.hint).toMatch(/Is your cluster running/);
  });

  it('finds the code inside an AggregateError (happy eyeballs)', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:6443'), { code: 'ECONNREFUSED' });
    const error = new TypeError('fetch failed', { cause: new AggregateError([inner], 'all failed') });
    expect(describeError(error, server).message).toBe(`cannot reach ${server} (ECONNREFUSED)`);
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('explains an unresolvable server name (%s)', (code) => {
    expect(describeError(fetchFailure(code), server).message).toMatch(/cannot resolve/);
  });

  it.each(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT'])('explains a server that does not answer (%s)', (code) => {
    expect(describeError(fetchFailure(code), server).message).toBe(`${server} did not answer in time`);
  });

  it('explains an AbortSignal.timeout', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(describeError(timeout, server).message).toBe(`${server} did not answer in time`);
  });

  it.each(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED'])('explains a TLS failure (%s) as an untrusted certificate', (code) => {
    const described = describeError(fetchFailure(code), server);
    expect(described.message).toBe(`the TLS certificate of ${server} is not trusted (${code})`);
    expect(described.hint).toMatch(/CA in your kubeconfig/);
  });

  it('keeps only the first line of an unknown error', () => {
    expect(describeError(new Error('first\nsecond')).message).toBe('first');
    expect(describeError('a string').message).toBe('a string');
  });
});
