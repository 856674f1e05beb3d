import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post, request, startServer, type Running } from './helpers.ts';

describe('endpoints with defaults', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.stop());

  it('GET / answers like the FastAPI app, with the hostname as server', async () => {
    const r = await get(s.port, '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.text).toBe(JSON.stringify({ message: 'Hello from fastapi-k8s!', server: hostname() }));
  });

  it('HEAD / answers 200 with headers only', async () => {
    const r = await request(s.port, 'HEAD', '/');
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(Number(r.headers['content-length'])).toBeGreaterThan(0);
  });

  it('GET /health is healthy', async () => {
    const r = await get(s.port, '/health');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'healthy' });
  });

  it('GET /version defaults to 1.0.0', async () => {
    const r = await get(s.port, '/version');
    expect(r.json).toEqual({ version: '1.0.0', server: hostname() });
  });

  it('GET /info without the downward API: the original app\'s field names and defaults', async () => {
    const r = await get(s.port, '/info');
    expect(r.status).toBe(200);
    // Same keys, in the same order, as the FastAPI app's /info; `server` is this app's extra.
    expect(Object.keys(r.json)).toEqual(['pod_name', 'pod_ip', 'node_name', 'namespace', 'cpu_request', 'cpu_limit', 'memory_request', 'memory_limit', 'server']);
    expect(r.json).toEqual({
      pod_name: hostname(), // POD_NAME falls back to the hostname, which is the pod's name in Kubernetes
      pod_ip: 'unknown',
      node_name: 'unknown',
      namespace: 'unknown',
      cpu_request: 'not set',
      cpu_limit: 'not set',
      memory_request: 'not set',
      memory_limit: 'not set',
      server: hostname(),
    });
    expect(r.json).not.toHaveProperty('pod_namespace');
  });

  it('GET /config shows defaults and no secret', async () => {
    const r = await get(s.port, '/config');
    expect(r.json).toMatchObject({ app_name: 'fastapi-k8s', app_env: 'development', log_level: 'debug', max_stress_seconds: 30, secret_set: false, secret_files: [] });
  });

  it('the readiness toggle: disable → 503, enable → 200', async () => {
    expect((await get(s.port, '/ready')).json).toEqual({ status: 'ready' });
    const d = await post(s.port, '/ready/disable');
    expect(d.status).toBe(200);
    const off = await get(s.port, '/ready');
    expect(off.status).toBe(503);
    expect(off.json.status).toBe('not ready');
    // liveness is a different question: still healthy
    expect((await get(s.port, '/health')).status).toBe(200);
    expect((await get(s.port, '/')).status).toBe(200);
    const e = await post(s.port, '/ready/enable');
    expect(e.status).toBe(200);
    const on = await get(s.port, '/ready');
    expect(on.status).toBe(200);
    expect(on.json).toEqual({ status: 'ready' });
  });

  it('the liveness switch: POST /health/disable → GET /health 503, POST /health/enable → 200', async () => {
    const d = await post(s.port, '/health/disable');
    expect(d.status).toBe(200);
    expect(d.json.status).toBe('unhealthy');
    const off = await get(s.port, '/health');
    expect(off.status).toBe(503);
    expect(off.json).toEqual({ detail: 'unhealthy: disabled with POST /health/disable' });
    expect((await request(s.port, 'HEAD', '/health')).status).toBe(503);
    // only liveness: readiness and the app itself are untouched
    expect((await get(s.port, '/ready')).status).toBe(200);
    expect((await get(s.port, '/')).status).toBe(200);
    // disabling twice is fine, and the failing probe is logged (at info, not debug) so the learner sees it
    expect((await post(s.port, '/health/disable')).status).toBe(200);
    const line = await s.waitForLog((l) => l.msg === 'request' && l.path === '/health' && l.status === 503);
    expect(line.level).toBe('info');
    const e = await post(s.port, '/health/enable');
    expect(e.status).toBe(200);
    expect(e.json.status).toBe('healthy');
    const on = await get(s.port, '/health');
    expect(on.status).toBe(200);
    expect(on.json).toEqual({ status: 'healthy' });
    expect((await request(s.port, 'GET', '/health/disable')).status).toBe(405);
  });

  it('an unknown path is a JSON 404', async () => {
    for (const path of ['/nope', '//health', '/ready/disable/x', '/nope/', '//', '/health/x']) {
      const r = await get(s.port, path);
      expect(r.status, path).toBe(404);
      expect(r.json).toEqual({ detail: 'Not Found' });
    }
  });

  it('a trailing slash is redirected like FastAPI does: 307 to the path without it, query kept', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/health/', '/health'],
      ['GET', '/health/?probe=1&x=%20y', '/health?probe=1&x=%20y'],
      ['GET', '/info/', '/info'],
      ['GET', '/memory/?mb=0', '/memory?mb=0'],
      ['GET', '/notes//', '/notes'],
      ['HEAD', '/version/', '/version'],
      // whatever the method: the client repeats it (307 keeps method and body) and gets the route's answer
      ['POST', '/ready/disable/', '/ready/disable'],
      ['POST', '/notes/', '/notes'],
      ['DELETE', '/config/', '/config'],
    ];
    for (const [method, path, to] of cases) {
      const r = await request(s.port, method, path, { headers: { Host: 'example.test:8000' } });
      expect(r.status, `${method} ${path}`).toBe(307);
      expect(r.headers.location, `${method} ${path}`).toBe(`http://example.test:8000${to}`);
      expect(r.headers['content-length']).toBe('0');
      expect(r.text).toBe('');
    }
    // every route, not only those above
    for (const path of ['/', '/health', '/ready', '/ready/enable', '/health/disable', '/crash', '/stress', '/memory/release']) {
      if (path === '/') continue;
      const r = await request(s.port, 'GET', `${path}/`, { headers: { Host: 'h' } });
      expect(r.status, path).toBe(307);
      expect(r.headers.location).toBe(`http://h${path}`);
    }
    // and the redirect is followed to the real answer
    const hop = await get(s.port, '/health/');
    expect((await get(s.port, new URL(hop.headers.location!).pathname)).json).toEqual({ status: 'healthy' });
    expect(s.logs.some((l) => l.msg === 'request' && l.path === '/health/' && l.status === 307)).toBe(true);
  });

  it('a wrong method is a JSON 405 with Allow', async () => {
    const cases: [string, string, string][] = [
      ['POST', '/health', 'GET, HEAD'],
      ['DELETE', '/', 'GET, HEAD'],
      ['GET', '/crash', 'POST'],
      ['GET', '/ready/disable', 'POST'],
      ['PUT', '/notes', 'GET, HEAD, POST'],
    ];
    for (const [method, path, allow] of cases) {
      const r = await request(s.port, method, path);
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.json).toEqual({ detail: 'Method Not Allowed' });
      expect(r.headers.allow).toBe(allow);
    }
  });
});

describe('endpoints with configuration from the environment', () => {
  let s: Running;
  let secrets: string;
  beforeAll(async () => {
    secrets = mkdtempSync(join(tmpdir(), 'sample-app-secrets-'));
    writeFileSync(join(secrets, 'API_KEY'), 'super-secret-value');
    writeFileSync(join(secrets, 'DATABASE_URL'), 'postgres://hidden');
    mkdirSync(join(secrets, '..data')); // what a Secret volume's bookkeeping looks like
    s = await startServer({
      APP_NAME: 'my-app',
      APP_ENV: 'production',
      APP_VERSION: '2.0.0',
      LOG_LEVEL: 'WARN',
      MAX_STRESS_SECONDS: '12',
      MAX_CONNECTIONS: '100',
      API_KEY: 'super-secret-value',
      SECRETS_DIR: secrets,
      POD_NAME: 'fastapi-k8s-abc-123',
      POD_IP: '10.1.2.3',
      NODE_NAME: 'node-0',
      POD_NAMESPACE: 'k8s-tutor',
      CPU_REQUEST: '100',
      CPU_LIMIT: '500',
      MEMORY_REQUEST: '128',
      MEMORY_LIMIT: '256',
    });
  });
  afterAll(async () => {
    await s.stop();
    rmSync(secrets, { recursive: true, force: true });
  });

  it('GET / uses APP_NAME', async () => {
    expect((await get(s.port, '/')).json).toEqual({ message: 'Hello from my-app!', server: hostname() });
  });

  it('GET /version uses APP_VERSION', async () => {
    expect((await get(s.port, '/version')).json).toEqual({ version: '2.0.0', server: hostname() });
  });

  it('GET /config reports settings and that a secret is set, never its value', async () => {
    const r = await get(s.port, '/config');
    expect(r.json).toMatchObject({
      app_name: 'my-app',
      app_env: 'production',
      log_level: 'warn', // as the ConfigMap wrote it, lowercased
      max_stress_seconds: 12,
      max_connections: '100',
      secret_set: true,
      secret_files: ['API_KEY', 'DATABASE_URL'],
    });
    expect(r.text).not.toContain('super-secret-value');
    expect(r.text).not.toContain('postgres://hidden');
  });

  it('GET /info reports the downward-API values in Kubernetes units', async () => {
    const r = await get(s.port, '/info');
    expect(r.json).toEqual({
      pod_name: 'fastapi-k8s-abc-123',
      pod_ip: '10.1.2.3',
      node_name: 'node-0',
      namespace: 'k8s-tutor',
      cpu_request: '100m',
      cpu_limit: '500m',
      memory_request: '128Mi',
      memory_limit: '256Mi',
      server: hostname(),
    });
  });
});

describe('POST /crash', () => {
  it('answers, then exits with code 1', async () => {
    const s = await startServer();
    try {
      const r = await post(s.port, '/crash');
      expect(r.status).toBe(200);
      expect(r.json.message).toMatch(/exits with code 1/);
      const exit = await s.exited;
      expect(exit.code).toBe(1);
      expect(s.logs.some((l) => l.level === 'error' && /crash/.test(l.msg))).toBe(true);
    } finally {
      await s.stop();
    }
  });
});
