// send(): one writeHead() with the reply's headers, never an undefined value, and exactly one
// Content-Type and Content-Length.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { send, splitTarget } from '../src/http.ts';

function fakeRes() {
  const calls: { status: number; headers: OutgoingHttpHeaders; body: Buffer }[] = [];
  let pending: { status: number; headers: OutgoingHttpHeaders } | undefined;
  const res = {
    writeHead(status: number, headers: OutgoingHttpHeaders) {
      pending = { status, headers };
      return res;
    },
    end(body: Buffer) {
      calls.push({ ...pending!, body });
    },
    once() {
      return res;
    },
  };
  return { calls, res: res as unknown as ServerResponse };
}

describe('send', () => {
  it('sends a pre-serialized body as is with JSON headers', () => {
    const { calls, res } = fakeRes();
    const body = Buffer.from('{"a":1}');
    send(res, { status: 200, body });
    expect(calls).toEqual([{ status: 200, headers: { 'Content-Type': 'application/json', 'Content-Length': 7 }, body }]);
  });

  it('keeps the reply headers, drops undefined ones, and lets no reply override the content headers', () => {
    const { calls, res } = fakeRes();
    send(res, {
      status: 429,
      body: { detail: 'busy' },
      headers: { 'Retry-After': '1', 'X-Gone': undefined, 'content-type': 'text/plain', 'Content-Length': 1 },
    });
    const [call] = calls;
    expect(call!.status).toBe(429);
    expect(call!.headers).toEqual({ 'Retry-After': '1', 'Content-Type': 'application/json', 'Content-Length': call!.body.length });
    expect(Object.values(call!.headers)).not.toContain(undefined);
    expect(JSON.parse(call!.body.toString())).toEqual({ detail: 'busy' });
  });
});

describe('splitTarget', () => {
  it('splits path and query; a target without a query gets an empty one', () => {
    expect(splitTarget('/stress?seconds=2').query.get('seconds')).toBe('2');
    const plain = splitTarget('/');
    expect(plain.path).toBe('/');
    expect(plain.query.get('seconds')).toBeNull();
    expect(splitTarget('//x?').path).toBe('//x');
  });
});
