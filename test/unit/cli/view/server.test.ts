import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../../src/kube/connect.js';
import { openView, type OpenView } from '../../../../src/cli/view/open.js';
import { FakeKube, object } from '../../fake-kube.js';

const SECRET_VALUE = 'hunter2-do-not-show';
const secret = () =>
  object('v1', 'Secret', 'db-credentials', {
    type: 'Opaque',
    data: { password: Buffer.from(SECRET_VALUE).toString('base64') },
    stringData: { token: SECRET_VALUE },
  }, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ stringData: { token: SECRET_VALUE } }) } });

function session(kube: FakeKube): Session {
  return { kube, cluster: { name: 'k8s-tutor-local', cluster: 'local', user: 'admin', server: 'https://127.0.0.1:6443', flavor: 'unknown' as never } };
}

/** A raw request, so that the Host header can be anything (fetch would not let a test set it). */
function get(url: string, options: { host?: string; method?: string; readFor?: number } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      res.on('end', done);
      // The event stream never ends: read it for a while, then stop.
      if (options.readFor) setTimeout(() => (req.destroy(), done()), options.readFor);
    });
    req.on('error', reject);
    req.end();
  });
}

let view: OpenView | undefined;
afterEach(async () => {
  await view?.close();
  view = undefined;
});

describe('the live view server', () => {
  it('binds 127.0.0.1 on a free port, with a long random token in the address', async () => {
    view = await openView(session(new FakeKube()));
    expect(view.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}\/$/);
    const other = await openView(session(new FakeKube()));
    expect(other.url).not.toBe(view.url);
    await other.close();
  });

  it('serves the page, its files and its stream with a strict CSP, and only with the token', async () => {
    view = await openView(session(new FakeKube()));
    const page = await get(view.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="view.js"');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'; script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get(`${view.url}view.js`)).status).toBe(200);
    expect((await get(`${view.url}view.css`)).status).toBe(200);
    expect((await get(`${view.url}events`, { readFor: 200 })).body).toMatch(/^data: \{/);

    const root = new URL(view.url);
    for (const path of ['/', '/index.html', '/view.js', '/events', '/state', '/wrong-token/', `/${root.pathname.slice(2)}`, `${root.pathname}../view.js`]) {
      const answer = await get(`${root.origin}${path}`);
      expect(answer.status, path).toBe(403);
      expect(answer.body).not.toContain('<script');
    }
  });

  it('answers 403 to a foreign Host header (DNS rebinding), whatever the token', async () => {
    view = await openView(session(new FakeKube()));
    const port = new URL(view.url).port;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, `attacker.localhost:${port}`]) {
      expect((await get(view.url, { host })).status, host).toBe(403);
      expect((await get(`${view.url}events`, { host })).status, host).toBe(403);
    }
    expect((await get(view.url, { host: `localhost:${port}` })).status).toBe(200);
  });

  it('is read-only: anything but GET and HEAD gets 405', async () => {
    view = await openView(session(new FakeKube()));
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) expect((await get(view.url, { method })).status, method).toBe(405);
  });

  it('redirects the address without its last slash to the page', async () => {
    view = await openView(session(new FakeKube()));
    const answer = await get(view.url.slice(0, -1));
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe(new URL(view.url).pathname);
  });

  it.skipIf(!nonLoopbackAddress())('is not reachable on a non-loopback address of this machine', async () => {
    view = await openView(session(new FakeKube()));
    const port = new URL(view.url).port;
    const address = nonLoopbackAddress()!;
    await expect(get(`http://${address}:${port}${new URL(view.url).pathname}`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it("never sends a Secret's value: only its name, in the page's state and stream", async () => {
    const kube = new FakeKube([secret()]);
    view = await openView(session(kube));
    kube.put(secret());
    await new Promise((r) => setTimeout(r, 20));
    const encoded = Buffer.from(SECRET_VALUE).toString('base64');
    const answers = await Promise.all([get(view.url), get(`${view.url}view.js`), get(`${view.url}state`), get(`${view.url}events`, { readFor: 200 })]);
    const state = JSON.parse(answers[2].body) as { secrets: string[] };
    expect(state.secrets).toEqual(['db-credentials']);
    for (const answer of answers) {
      expect(answer.body).not.toContain(SECRET_VALUE);
      expect(answer.body).not.toContain(encoded);
      expect(answer.body).not.toContain('password');
    }
  });

  it('streams each change, and what the lesson is doing', async () => {
    const kube = new FakeKube();
    view = await openView(session(kube));
    const stream = get(`${view.url}events`, { readFor: 300 });
    await new Promise((r) => setTimeout(r, 50));
    view.observer.lessonStarted({ id: 'self-healing', number: 6, title: 'Self-Healing', steps: 12 });
    view.observer.stepStarted({ index: 2, kind: 'act', say: 'Deleting one pod' });
    view.observer.checked([{ name: 'ready', passed: true, message: 'fastapi-k8s: 5/5 ready' }]);
    kube.put(object('v1', 'ConfigMap', 'app-config'));
    const messages = (await stream).body.split('\n\n').filter((m) => m.startsWith('data: ')).map((m) => JSON.parse(m.slice(6)));
    const last = messages.at(-1);
    expect(last.configMaps).toEqual(['app-config']);
    expect(last.lesson).toMatchObject({ number: 6, step: { index: 2, say: 'Deleting one pod' }, checks: [{ passed: true, message: 'fastapi-k8s: 5/5 ready' }] });
    // Events of one turn of the event loop go out as one message.
    expect(messages.length).toBeLessThanOrEqual(3);
  });

  it('stops answering once closed', async () => {
    view = await openView(session(new FakeKube()));
    const url = view.url;
    await view.close();
    view = undefined;
    await expect(get(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}
