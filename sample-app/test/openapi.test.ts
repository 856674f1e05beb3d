// /openapi.json and /docs come from the route table the router dispatches through: every operation
// of the table is in the document with its parameters, body and status codes, nothing else is, the
// live server routes exactly the table's paths and methods, and the statuses it answers are documented.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { MemoryHog } from '../src/memory.ts';
import { NotesStore } from '../src/notes.ts';
import { Liveness, Readiness } from '../src/readiness.ts';
import { buildRoutes, statusCodes, type Method, type Operation, type Routes } from '../src/routes.ts';
import { StressRunner } from '../src/stress.ts';
import { APP_DIR, get, request, startServer, type Running } from './helpers.ts';

// The server's settings; the table is built from them as the server builds it (same function).
const ENV = { MAX_STRESS_SECONDS: '0.1', MAX_MEMORY_MB: '2' };

function table(): Routes {
  const config = loadConfig({ DATA_DIR: '/nonexistent', ...ENV });
  const log = createLogger('error', { write: () => {}, flush: () => {} });
  return buildRoutes({
    config,
    log,
    readiness: new Readiness(),
    liveness: new Liveness(),
    stress: new StressRunner(1),
    memory: new MemoryHog(1),
    notes: new NotesStore('/nonexistent', 'test', log),
    crash: () => {},
  });
}

function operations(routes: Routes): { path: string; method: Method; op: Operation }[] {
  return [...routes].flatMap(([path, route]) => (Object.keys(route) as Method[]).map((method) => ({ path, method, op: route[method]! })));
}

const HIDDEN = ['/openapi.json', '/docs', '/redoc'];

describe('/openapi.json and /docs', () => {
  let s: Running;
  let data: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is read freely
  let doc: any;
  const routes = table();
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sample-app-openapi-'));
    s = await startServer({ DATA_DIR: data, ...ENV });
    const r = await get(s.port, '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    doc = r.json;
  }, 30_000);
  afterAll(async () => {
    await s.stop();
    rmSync(data, { recursive: true, force: true });
  });

  it('is an OpenAPI 3.1 document named after the app', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'fastapi-k8s', version: '1.0.0' });
  });

  it('has every operation of the route table, with its parameters, body and status codes', () => {
    const visible = operations(routes).filter((o) => !o.op.hidden);
    expect(visible.length).toBeGreaterThanOrEqual(16);
    for (const { path, method, op } of visible) {
      const name = `${method} ${path}`;
      const d = doc.paths?.[path]?.[method.toLowerCase()];
      expect(d, name).toBeDefined();
      expect(d.summary, name).toBe(op.summary);
      expect(d.tags, name).toEqual([op.tag]);
      // query parameters: same names, types and defaults
      const params = (d.parameters ?? []).map((p: { name: string; in: string; schema: { type: string; default?: number } }) => [p.name, p.in, p.schema.type, p.schema.default]);
      expect(params, name).toEqual((op.query ?? []).map((p) => [p.name, 'query', p.type, p.default]));
      // the JSON body
      if (op.body) {
        expect(d.requestBody?.required, name).toBe(true);
        expect(d.requestBody.content['application/json'].schema, name).toEqual(op.body.schema);
      } else {
        expect(d.requestBody, name).toBeUndefined();
      }
      // the status codes: the handler's, and the router's for what it parses (422, 400, 413, 415)
      expect(Object.keys(d.responses).sort(), name).toEqual(Object.keys(statusCodes(op)).sort());
      for (const [code, r] of Object.entries(op.responses)) {
        expect(d.responses[code].description, `${name} ${code}`).toBe(r.description);
        expect(d.responses[code].content?.['application/json']?.schema, `${name} ${code}`).toEqual(r.schema);
      }
      if (op.query?.length || op.body) {
        expect(d.responses['422'].content['application/json'].schema, name).toEqual({ $ref: '#/components/schemas/HTTPValidationError' });
      }
      if (op.body) expect(Object.keys(d.responses), name).toEqual(expect.arrayContaining(['400', '413', '415']));
    }
  });

  it('has nothing that is not in the table, and leaves out the docs routes as FastAPI does', () => {
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const expected = operations(routes).filter((o) => !o.op.hidden).map((o) => `${o.method} ${o.path}`);
    expect(documented.sort()).toEqual(expected.sort());
    for (const path of HIDDEN) {
      expect(routes.has(path), path).toBe(true);
      expect(doc.paths[path], path).toBeUndefined();
    }
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the live router serves exactly the table: each path, with the table\'s methods in Allow', async () => {
    for (const [path, route] of routes) {
      const r = await request(s.port, 'DELETE', path);
      expect(r.status, path).toBe(405);
      const allow = (Object.keys(route) as Method[]).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
      expect(r.headers.allow, path).toBe(allow.join(', '));
      // and its trailing-slash twin redirects to it
      if (path !== '/') expect((await request(s.port, 'GET', `${path}/`)).status, `${path}/`).toBe(307);
    }
  });

  it('the statuses the server answers with are the documented ones', async () => {
    const cases: [Method, string, string, { body?: string | Buffer; headers?: Record<string, string> }?][] = [
      ['GET', '/', '/'],
      ['GET', '/health', '/health'],
      ['GET', '/ready', '/ready'],
      ['GET', '/version', '/version'],
      ['GET', '/info', '/info'],
      ['GET', '/config', '/config'],
      ['GET', '/memory', '/memory'],
      ['GET', '/memory', '/memory?mb=1'],
      ['GET', '/memory', '/memory?mb=x'],
      ['POST', '/memory/release', '/memory/release'],
      ['GET', '/stress', '/stress?seconds=0'],
      ['GET', '/stress', '/stress?seconds=-1'],
      ['GET', '/notes', '/notes'],
      ['POST', '/notes', '/notes', { body: '{"text": "documented"}', headers: { 'Content-Type': 'application/json' } }],
      ['POST', '/notes', '/notes', { body: '{"text": ', headers: { 'Content-Type': 'application/json' } }],
      ['POST', '/notes', '/notes', { body: '{"text": "x"}', headers: { 'Content-Type': 'text/plain' } }],
      ['POST', '/notes', '/notes', { body: Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), headers: { 'Content-Type': 'application/json' } }],
      ['POST', '/notes', '/notes', { body: JSON.stringify({ text: 'x'.repeat(20_000) }), headers: { 'Content-Type': 'application/json' } }],
      ['POST', '/health/disable', '/health/disable'],
      ['GET', '/health', '/health'],
      ['POST', '/health/enable', '/health/enable'],
      ['POST', '/ready/disable', '/ready/disable'],
      ['GET', '/ready', '/ready'],
      ['POST', '/ready/enable', '/ready/enable'],
    ];
    const seen = new Set<string>();
    for (const [method, path, target, opts] of cases) {
      const r = await request(s.port, method, target, opts);
      const documented = Object.keys(doc.paths[path][method.toLowerCase()].responses);
      expect(documented, `${method} ${target} answered ${r.status}`).toContain(String(r.status));
      seen.add(`${r.status}`);
    }
    for (const code of ['200', '201', '400', '413', '415', '422', '503']) expect(seen, code).toContain(code);
  });

  it('/docs is a self-contained page listing every operation, with a form that sends it with fetch()', async () => {
    const r = await get(s.port, '/docs');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = r.text;
    const visible = operations(routes).filter((o) => !o.op.hidden);
    for (const { path, method, op } of visible) {
      expect(html, `${method} ${path}`).toContain(`<form data-method="${method}" data-path="${path}">`);
      expect(html).toContain(op.summary.replace(/&/g, '&#38;').replace(/'/g, '&#39;').replace(/"/g, '&#34;'));
      for (const p of op.query ?? []) expect(html, `${path} ${p.name}`).toContain(`<input name="${p.name}"`);
    }
    expect(html.match(/<form /g)?.length).toBe(visible.length);
    expect(html.match(/<textarea /g)?.length).toBe(visible.filter((o) => o.op.body).length);
    expect(html).toContain('fetch(url, init)');
    expect(html).toContain('href="openapi.json"');
    // no internet needed: nothing is loaded from anywhere else
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('/docs: its script sends each form\'s request with fetch(), relative to the page, and shows the answer', async () => {
    const html = (await get(s.port, '/docs')).text;
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    // The least of a DOM the script touches: forms with inputs, a textarea, and the <pre> after each.
    const forms = [
      { method: 'GET', path: '/stress', inputs: [{ name: 'seconds', value: ' 0 ' }], body: null },
      { method: 'POST', path: '/notes', inputs: [], body: { value: '{"text": "sent from /docs"}' } },
      { method: 'GET', path: '/', inputs: [], body: null },
    ].map((f) => {
      const out = { hidden: true, textContent: '' };
      let submit: ((e: { preventDefault(): void }) => Promise<void>) | undefined;
      return {
        out,
        submit: () => submit!({ preventDefault: () => {} }),
        el: {
          dataset: { method: f.method, path: f.path },
          nextElementSibling: out,
          addEventListener: (_: string, fn: typeof submit) => (submit = fn),
          querySelectorAll: () => f.inputs,
          querySelector: () => f.body,
        },
      };
    });
    const sent: { url: string; method: string; body?: string; type?: string }[] = [];
    runInNewContext(script, {
      document: { querySelectorAll: () => forms.map((f) => f.el) },
      // behind a path prefix, as through kubectl proxy: requests must keep it (the test server has none,
      // so the prefix is checked here and cut before the real request)
      location: { href: `http://127.0.0.1:${s.port}/prefix/docs` },
      URL,
      JSON,
      Math,
      performance,
      fetch: (url: URL, init: { method: string; body?: string; headers: Record<string, string> }) => {
        sent.push({ url: url.href, method: init.method, body: init.body, type: init.headers['Content-Type'] });
        return fetch(url.href.replace('/prefix/', '/'), init);
      },
    });
    for (const f of forms) await f.submit();
    expect(sent).toEqual([
      { url: `http://127.0.0.1:${s.port}/prefix/stress?seconds=0`, method: 'GET', body: undefined, type: undefined },
      { url: `http://127.0.0.1:${s.port}/prefix/notes`, method: 'POST', body: '{"text": "sent from /docs"}', type: 'application/json' },
      { url: `http://127.0.0.1:${s.port}/prefix/`, method: 'GET', body: undefined, type: undefined },
    ]);
    expect(forms[0]!.out.hidden).toBe(false);
    expect(forms[0]!.out.textContent).toMatch(/^GET \/prefix\/stress\?seconds=0\n200 OK in \d+ ms\ncontent-type: application\/json/);
    expect(forms[1]!.out.textContent).toMatch(/\n201 Created in /);
    expect(forms[1]!.out.textContent).toContain('"text": "sent from /docs"');
    expect(forms[2]!.out.textContent).toContain('"message": "Hello from fastapi-k8s!"');
  });

  it('/redoc redirects to /docs (relative, so a path prefix is kept); /docs/ to /docs', async () => {
    const r = await get(s.port, '/redoc');
    expect(r.status).toBe(307);
    expect(r.headers.location).toBe('docs');
    expect(new URL(r.headers.location!, `http://127.0.0.1:${s.port}/redoc`).pathname).toBe('/docs');
    const slash = await request(s.port, 'GET', '/docs/', { headers: { Host: 'h' } });
    expect(slash.status).toBe(307);
    expect(slash.headers.location).toBe('http://h/docs');
  });
});

describe('README.md', () => {
  it('its endpoint table lists every route of the table, with every method', () => {
    const readme = readFileSync(join(APP_DIR, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Endpoints'), readme.indexOf('## Settings'));
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
    for (const { path, method } of operations(table())) {
      const re = new RegExp(`\`${method} ${path.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&')}[\`?\\s]`);
      expect(rows.some((row) => re.test(row)), `${method} ${path}`).toBe(true);
    }
  });
});
