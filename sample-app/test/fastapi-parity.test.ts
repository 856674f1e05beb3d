// Where a FastAPI user or a generated client would notice a difference from the original fastapi-k8s
// app (issue 20), one test each: the contract failures schemathesis found, FastAPI's 422 shape, the
// original's fields, path decoding, repeated parameters, bodies that are not UTF-8, operationIds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post, request, startServer, type Running } from './helpers.ts';

describe('as FastAPI answers', () => {
  let s: Running;
  let data: string;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sample-app-parity-'));
    s = await startServer({ DATA_DIR: data, MAX_STRESS_SECONDS: '0.01', MAX_MEMORY_MB: '2' });
  });
  afterAll(async () => {
    await s.stop();
    rmSync(data, { recursive: true, force: true });
  });

  describe('the contract in /openapi.json', () => {
    it('GET /memory?mb=1 matches exactly one branch of its oneOf: both branches are closed', async () => {
      const doc = (await get(s.port, '/openapi.json')).json;
      const branches = doc.paths['/memory'].get.responses['200'].content['application/json'].schema.oneOf as {
        properties: Record<string, unknown>;
        required: string[];
        additionalProperties: boolean;
      }[];
      const matches = (body: Record<string, unknown>) =>
        branches.filter((b) => b.required.every((k) => k in body) && Object.keys(body).every((k) => k in b.properties || b.additionalProperties !== false));
      const allocated = (await get(s.port, '/memory?mb=1')).json;
      const report = (await get(s.port, '/memory')).json;
      expect(branches.every((b) => b.additionalProperties === false)).toBe(true);
      expect(matches(allocated)).toHaveLength(1);
      expect(matches(report)).toHaveLength(1);
      expect(matches(allocated)[0]).not.toBe(matches(report)[0]);
    });

    it.each(['6.103515625e-05', '1E-3', '2.5e+0', '.5e1', '1e-400'])('GET /stress?seconds=%s: exponent notation is a number (200)', async (seconds) => {
      const r = await get(s.port, `/stress?seconds=${encodeURIComponent(seconds)}`);
      expect(r.status).toBe(200);
      expect(r.json.requested_seconds).toBe(Number(seconds));
    });

    it('GET /stress?seconds=-0.0 is zero, which minimum: 0 allows (200)', async () => {
      const r = await get(s.port, '/stress?seconds=-0.0');
      expect(r.status).toBe(200);
      expect(r.json.requested_seconds).toBe(0);
    });

    it('POST /notes counts characters, not UTF-16 units: 600 emoji are 600 characters (201), 1001 are too many (422)', async () => {
      const ok = await post(s.port, '/notes', { text: '😀'.repeat(600) });
      expect(ok.status).toBe(201);
      expect(ok.json.text).toBe('😀'.repeat(600));
      const long = await post(s.port, '/notes', { text: '😀'.repeat(1001) });
      expect(long.status).toBe(422);
      expect(long.json.detail[0]).toMatchObject({ type: 'string_too_long', loc: ['body', 'text'] });
    });

    it('POST /notes checks the text as sent: 1001 characters with spaces around are too many (422), "  " is one or more (201, kept)', async () => {
      const padded = await post(s.port, '/notes', { text: ` ${'x'.repeat(999)} ` });
      expect(padded.status).toBe(422);
      expect(padded.json.detail[0].type).toBe('string_too_long');
      const blank = await post(s.port, '/notes', { text: '  ' });
      expect(blank.status).toBe(201);
      expect(blank.json.text).toBe('  ');
    });
  });

  it('a validation error is 422 {"detail": [{"type", "loc", "msg", "input"}]}, msg a one-line sentence', async () => {
    const r = await get(s.port, '/memory?mb=lots');
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toEqual({ detail: [{ type: 'int_parsing', loc: ['query', 'mb'], msg: 'mb must be a whole number (got "lots")', input: 'lots' }] });
  });

  it('GET /stress answers with the original\'s stressed_seconds, beside the fields of its own', async () => {
    const r = await get(s.port, '/stress?seconds=0.005');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ stressed_seconds: 0.005, seconds: 0.005, requested_seconds: 0.005, capped: false });
    const capped = await get(s.port, '/stress?seconds=5');
    expect(capped.json).toMatchObject({ stressed_seconds: 0.01, requested_seconds: 5, capped: true });
  });

  it.each([
    ['/%68ealth', 200],
    ['/HEALTH', 404],
    ['/%2Fhealth', 404],
    ['/ready%2Fdisable', 405], // decoded to /ready/disable, as uvicorn does: a POST route
    ['/%zzhealth', 404], // a malformed escape matches nothing
    ['/%ff', 404], // not UTF-8
  ])('GET %s: a percent-encoded path is decoded before routing (%i)', async (path, status) => {
    expect((await get(s.port, path)).status).toBe(status);
  });

  it('a repeated query parameter takes its last value', async () => {
    const r = await get(s.port, '/stress?seconds=abc&seconds=0.002');
    expect(r.status).toBe(200);
    expect(r.json.requested_seconds).toBe(0.002);
    const bad = await get(s.port, '/stress?seconds=0.002&seconds=abc');
    expect(bad.status).toBe(422);
    expect(bad.json.detail[0].input).toBe('abc');
  });

  it('a JSON body that is not UTF-8 is refused with 400 and nothing is stored', async () => {
    const before = (await get(s.port, '/notes')).json.count as number;
    const body = Buffer.concat([Buffer.from('{"text": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]); // latin-1 é
    const r = await request(s.port, 'POST', '/notes', { body, headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ detail: 'There was an error parsing the body: it is not valid UTF-8' });
    expect((await get(s.port, '/notes')).json.count).toBe(before);
  });

  it('operationIds follow FastAPI\'s scheme, with the original\'s function names', async () => {
    const doc = (await get(s.port, '/openapi.json')).json;
    const ids: Record<string, string> = {};
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>)) {
      for (const [method, op] of Object.entries(ops)) ids[`${method.toUpperCase()} ${path}`] = op.operationId;
    }
    expect(ids).toMatchObject({
      'GET /': 'root__get',
      'GET /health': 'health_health_get',
      'GET /ready': 'ready_ready_get',
      'POST /ready/disable': 'ready_disable_ready_disable_post',
      'POST /ready/enable': 'ready_enable_ready_enable_post',
      'POST /crash': 'crash_crash_post',
      'GET /stress': 'stress_stress_get',
      'GET /config': 'config_config_get',
      'GET /version': 'version_version_get',
      'GET /info': 'info_info_get',
      'POST /memory/release': 'memory_release_memory_release_post',
      'GET /notes': 'list_notes_notes_get',
      'POST /notes': 'add_note_notes_post',
    });
  });
});
