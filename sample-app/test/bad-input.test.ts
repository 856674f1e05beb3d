import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post, request, startServer, type Running } from './helpers.ts';

describe('bad input', () => {
  let s: Running;
  let data: string;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sample-app-bad-'));
    s = await startServer({ DATA_DIR: data, MAX_BODY_BYTES: '1024', MAX_STRESS_SECONDS: '1', MAX_MEMORY_MB: '4' });
  });
  afterAll(async () => {
    await s.stop();
    rmSync(data, { recursive: true, force: true });
  });

  it.each([
    ['/stress?seconds=abc', 'float_parsing', 'seconds must be a number'],
    ['/stress?seconds=-1', 'greater_than_equal', 'seconds must not be negative'],
    ['/stress?seconds=-0.5', 'greater_than_equal', 'seconds must not be negative'],
    ['/stress?seconds=-1e-3', 'greater_than_equal', 'seconds must not be negative'],
    ['/stress?seconds=', 'float_parsing', 'seconds must be a number'],
    ['/stress?seconds=1e', 'float_parsing', 'seconds must be a number'],
    ['/stress?seconds=Infinity', 'float_parsing', 'seconds must be a number'],
    ['/stress?seconds=1e400', 'finite_number', 'seconds is too large'],
    ['/memory?mb=ten', 'int_parsing', 'mb must be a whole number'],
    ['/memory?mb=-5', 'greater_than_equal', 'mb must not be negative'],
    ['/memory?mb=1.5', 'int_parsing', 'mb must be a whole number'],
    ['/memory?mb=0x10', 'int_parsing', 'mb must be a whole number'],
  ])('GET %s → 422, FastAPI\'s shape, one line in msg', async (path, type, msg) => {
    const r = await get(s.port, path);
    expect(r.status).toBe(422);
    const name = path.slice(path.indexOf('?') + 1, path.indexOf('='));
    const input = decodeURIComponent(path.slice(path.indexOf('=') + 1));
    expect(r.json).toEqual({ detail: [{ type, loc: ['query', name], msg: expect.stringContaining(msg), input }] });
    expect(r.json.detail[0].msg).not.toContain('\n');
  });

  it('a malformed JSON body → 422 json_invalid, at the offset where it breaks', async () => {
    const r = await post(s.port, '/notes', '{"text": "unterminated');
    expect(r.status).toBe(422);
    expect(r.json).toEqual({ detail: [{ type: 'json_invalid', loc: ['body', expect.any(Number)], msg: 'request body is not valid JSON', input: {} }] });
  });

  it.each(['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/jsonx', 'application/json-seq', 'json'])(
    'a JSON body sent as %j → 415 with a one-line FastAPI-style detail, nothing stored',
    async (type) => {
      const r = await request(s.port, 'POST', '/notes', { body: '{"text": "typed wrong"}', headers: { 'Content-Type': type } });
      expect(r.status).toBe(415);
      expect(Object.keys(r.json)).toEqual(['detail']);
      expect(r.json.detail).toMatch(/^Unsupported Media Type: send the body as application\/json/);
      expect(r.json.detail).not.toContain('\n');
      expect(r.headers['content-type']).toBe('application/json');
    },
  );

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/merge-patch+json', 'application/vnd.api+json; charset=utf-8', ' application/json '])(
    'a JSON body sent as %j is accepted (201)',
    async (type) => {
      const r = await request(s.port, 'POST', '/notes', { body: '{"text": "typed right"}', headers: { 'Content-Type': type } });
      expect(r.status).toBe(201);
      expect(r.json.text).toBe('typed right');
    },
  );

  it('a JSON body without a Content-Type (or an empty one) is read as JSON, as FastAPI does (201)', async () => {
    for (const headers of [{}, { 'Content-Type': '' }] as Record<string, string>[]) {
      const r = await request(s.port, 'POST', '/notes', { body: '{"text": "untyped"}', headers });
      expect(r.status).toBe(201);
      expect(r.json.text).toBe('untyped');
    }
  });

  it('an empty body → 422 missing, as FastAPI answers a required body that is not there', async () => {
    const r = await post(s.port, '/notes', '');
    expect(r.status).toBe(422);
    expect(r.json.detail).toEqual([{ type: 'missing', loc: ['body'], msg: expect.stringMatching(/empty/), input: null }]);
  });

  it.each([
    ['[1,2]', 'model_attributes_type', ['body'], 'must be a JSON object'],
    ['"text"', 'model_attributes_type', ['body'], 'must be a JSON object'],
    ['null', 'model_attributes_type', ['body'], 'must be a JSON object'],
    ['{}', 'missing', ['body', 'text'], '"text" is required'],
    ['{"text": 42}', 'string_type', ['body', 'text'], '"text" must be a string'],
    ['{"text": ""}', 'string_too_short', ['body', 'text'], 'must not be empty'],
    [JSON.stringify({ text: 'x'.repeat(1001) }), 'string_too_long', ['body', 'text'], 'longer than 1000'],
  ])('POST /notes %s → 422', async (body, type, loc, msg) => {
    const r = await post(s.port, '/notes', body);
    expect(r.status).toBe(422);
    expect(r.json.detail).toHaveLength(1);
    expect(r.json.detail[0]).toMatchObject({ type, loc, msg: expect.stringContaining(msg) });
    expect(r.json.detail[0]).toHaveProperty('input');
  });

  it('a body over the limit (declared length) → 413', async () => {
    const r = await post(s.port, '/notes', JSON.stringify({ text: 'y'.repeat(2000) }));
    expect(r.status).toBe(413);
    expect(r.json.detail).toMatch(/limit is 1024 bytes/);
  });

  it('a chunked body that grows over the limit → 413', async () => {
    const status = await new Promise<string>((resolve, reject) => {
      const sock = connect(s.port, '127.0.0.1');
      let got = '';
      sock.setEncoding('utf8');
      sock.on('data', (d: string) => (got += d));
      sock.on('close', () => resolve(got));
      sock.on('error', reject);
      const chunk = 'z'.repeat(600);
      sock.write('POST /notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
      sock.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      sock.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
    });
    expect(status).toMatch(/^HTTP\/1\.1 413 /);
    expect(status).toMatch(/connection: close/i);
    expect(status).toContain('over the limit of 1024 bytes');
  });

  it('rejected notes left nothing behind', async () => {
    const r = await get(s.port, '/notes');
    // only the accepted ones above (JSON content types, or none)
    expect(r.json.notes.map((n: { text: string }) => n.text).every((t: string) => t === 'typed right' || t === 'untyped')).toBe(true);
    expect(r.json.count).toBe(8);
    expect(readdirSync(data)).toEqual(['notes.json']);
  });

  it('the server is still fine after all that', async () => {
    expect((await get(s.port, '/health')).status).toBe(200);
    expect((await request(s.port, 'GET', '/')).status).toBe(200);
  });
});

describe('a client that goes away mid-body', () => {
  it('is logged as a request, not as an unhandled error, and the server carries on', async () => {
    const s = await startServer();
    try {
      await new Promise<void>((resolve, reject) => {
        const sock = connect(s.port, '127.0.0.1', () => {
          sock.write('POST /notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"text": "only part of');
          setTimeout(() => {
            sock.destroy();
            resolve();
          }, 100);
        });
        sock.on('error', reject);
      });
      const line = await s.waitForLog((l) => l.msg === 'request' && l.path === '/notes');
      expect(line.aborted).toBe(true);
      expect(s.logs.some((l) => l.msg === 'unhandled error')).toBe(false);
      expect((await get(s.port, '/health')).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
