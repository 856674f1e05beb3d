import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, kubectlOk } from '../support/lessons.js';
import { artifacts, CHROMIUM, kubectlWatch, pageCounts, pageSeen, recordPage, startTutor, within, type Running } from './support.js';

/**
 * The live view in a real browser (Debian's chromium, driven by playwright-core) beside real lessons
 * on the live cluster: what the page draws, and how soon after the watch event `kubectl get -w` shows.
 */

const ws = workspace('live-view');
const LAG_MS = 1_000;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`the live view's test needs chromium at ${CHROMIUM}: run \`bash scripts/ensure-browser.sh\` (as root), or set K8S_TUTOR_CHROMIUM`);
  // --no-sandbox: CI runs the tests as root, where chromium's sandbox refuses to start.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  await afterLessonThree(ws);
});
afterAll(async () => {
  await browser?.close();
  await cleanup(ws);
});

/** The tutor with --view, and the page opened on its address (the lesson waits for it). */
async function openBeside(args: string[]): Promise<{ tutor: Running; page: Page; url: string }> {
  const tutor = startTutor(ws, args);
  const url = await tutor.url;
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 }, deviceScaleFactor: 1 });
  await recordPage(page);
  await page.goto(url);
  return { tutor, page, url };
}

/** Ctrl-C: the tutor stops, and the view with it. */
async function stopAndCheckGone(tutor: Running, url: string): Promise<void> {
  await tutor.interrupt();
  await expect(fetch(url)).rejects.toThrow();
}

/** `fastapi-k8s-x  IPv4  8000  10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...  5s` → 5. */
function readyAddresses(line: string): number {
  const column = /^\S+\s+\S+\s+\S+\s+(.+?)\s+\S+$/.exec(line)?.[1] ?? '';
  if (column.startsWith('<')) return 0;
  const [, listed = '', more = '0'] = /^(.*?)(?: \+ (\d+) more\.\.\.)?$/.exec(column) ?? [];
  return listed.split(',').filter(Boolean).length + Number(more);
}

const lagReport: string[] = [];
function expectLag(what: string, pageAt: number | undefined, kubectlAt: number | undefined): void {
  expect(kubectlAt, `kubectl never showed: ${what}`).toBeDefined();
  expect(pageAt, `the page never showed: ${what}`).toBeDefined();
  const lag = pageAt! - kubectlAt!;
  lagReport.push(`${what}: ${lag} ms`);
  expect(lag, `${what}: the page ${lag} ms after kubectl`).toBeLessThanOrEqual(LAG_MS);
}

describe('k8s-tutor view, the server itself, on the live cluster', () => {
  it('403 without the token or with a foreign Host, not on a non-loopback address, and a real Secret by name only', async () => {
    const value = 'view-e2e-secret-value-4711';
    await kubectlOk(ws, ['create', 'secret', 'generic', 'view-e2e-secret', `--from-literal=password=${value}`, '-n', ws.namespace]);
    const tutor = startTutor(ws, ['view']);
    const url = await tutor.url;
    try {
      const { origin, port, pathname } = new URL(url);
      const raw = (path: string, host: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      expect((await fetch(`${origin}/`)).status).toBe(403);
      expect((await fetch(`${origin}/not-the-token/state`)).status).toBe(403);
      expect((await raw(`${pathname}state`, 'rebound.example:' + port)).status).toBe(403);
      const address = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      if (address) await expect(fetch(`http://${address}:${port}${pathname}`)).rejects.toThrow();

      const state = await within(20_000, async () => {
        const body = await (await fetch(`${url}state`)).text();
        return body.includes('view-e2e-secret') ? body : undefined;
      }, 'the Secret\'s name in the view');
      const answers = [state, await (await fetch(url)).text(), await (await fetch(`${url}view.js`)).text()];
      const stream = new AbortController();
      const events = await fetch(`${url}events`, { signal: stream.signal });
      const reader = events.body!.getReader();
      answers.push(new TextDecoder().decode((await reader.read()).value));
      stream.abort();
      for (const answer of answers) {
        expect(answer).not.toContain(value);
        expect(answer).not.toContain(Buffer.from(value).toString('base64'));
      }
    } finally {
      await stopAndCheckGone(tutor, url);
    }
  });
});

describe('k8s-tutor lesson --view, in a browser', () => {
  it('lesson 6: the deleted pod goes, its replacement comes up Ready, the endpoints drop and return, each within 1 s of the watch event', async () => {
    const pods = kubectlWatch(ws, ['get', 'pods', '-l', 'app=fastapi-k8s', '--output-watch-events', '-o', 'jsonpath={.type} {.object.metadata.name} {.object.metadata.deletionTimestamp}/{.object.status.conditions[?(@.type=="Ready")].status}{"\\n"}']);
    // kubectl's own table (its jsonpath output does not follow an EndpointSlice's changes): ENDPOINTS lists the ready addresses.
    const slices = kubectlWatch(ws, ['get', 'endpointslices', '-l', 'kubernetes.io/service-name=fastapi-k8s', '--no-headers']);
    await within(20_000, () => (pods.lines.length >= 5 ? true : undefined), 'kubectl lists the five pods');
    const before = new Set(pods.lines.map((l) => l.value.split(' ')[1]));

    const { tutor, page, url } = await openBeside(['lesson', 'self-healing', '--yes', '--restart', '--view']);
    try {
      const parsed = () => pods.lines.map((l) => {
        const [type, name, rest = ''] = l.value.split(' ');
        const [deleting, ready] = rest.split('/');
        return { at: l.at, type, name, deleting: Boolean(deleting), ready: ready === 'True' };
      });
      const victim = await within(60_000, () => parsed().find((e) => e.deleting), 'a pod deleted by the lesson');
      // For the screenshot: the deleted pod still drawn (Terminating, or fading out) beside its replacement.
      await page.waitForSelector(`[data-pod="${victim.name}"]`, { timeout: 5_000 }).catch(() => undefined);
      const replacement = await within(30_000, () => parsed().find((e) => e.type === 'ADDED' && !before.has(e.name)), 'its replacement');
      await page.waitForSelector(`[data-pod="${replacement.name}"]`, { timeout: 5_000 });
      await page.screenshot({ path: join(artifacts, 'view-lesson6-delete.png') });
      const ready = await within(60_000, () => parsed().find((e) => e.name === replacement.name && e.ready), 'the replacement Ready');
      const gone = await within(60_000, () => parsed().find((e) => e.name === victim.name && e.type === 'DELETED'), 'the deleted pod gone');
      // Before the lesson's delete every endpoint is ready (its first step waits for that): the first count under 5 is the delete's.
      const endpoints = () => slices.lines.map((l) => ({ at: l.at, n: readyAddresses(l.value) }));
      const dropped = endpoints().find((e) => e.n < 5);
      const back = await within(30_000, () => endpoints().find((e) => dropped && e.at > dropped.at && e.n === 5), 'five endpoints again').catch((error: Error) => {
        throw new Error(`${error.message}; kubectl printed:\n${slices.lines.map((l) => l.value).join('\n')}`);
      });
      await page.waitForSelector('[data-service="fastapi-k8s"][data-endpoints-ready="5"]', { timeout: 5_000 });
      await page.waitForTimeout(LAG_MS);
      await page.screenshot({ path: join(artifacts, 'view-lesson6-healed.png') });

      const seen = await pageSeen(page);
      const counts = (await pageCounts(page))['fastapi-k8s'] ?? [];
      expectLag(`pod ${victim.name} Terminating`, seen[`pod ${victim.name} terminating`], victim.at);
      expectLag(`pod ${replacement.name} created`, Math.min(...Object.entries(seen).filter(([k]) => k.startsWith(`pod ${replacement.name} `)).map(([, t]) => t)), replacement.at);
      expectLag(`pod ${replacement.name} Ready`, seen[`pod ${replacement.name} ready`], ready.at);
      expectLag(`pod ${victim.name} gone`, seen[`pod ${victim.name} gone`], gone.at);
      const full = counts.findIndex((c) => c.n === 5);
      const pageDrop = counts.find((c, i) => i > full && c.n < 5);
      expectLag(`endpoints ${dropped?.n} of 5`, pageDrop?.at, dropped?.at);
      expectLag('endpoints 5 of 5 again', counts.find((c) => pageDrop && c.at > pageDrop.at && c.n === 5)?.at, back.at);

      // Lesson-aware: the lesson, its step as it ran, and the wait's items turned green.
      expect(await page.locator('#lesson h2').textContent()).toBe('Lesson 6 · Self-Healing');
      expect(Object.keys(seen).some((k) => /^step Step \d+ of \d+: Deleting one pod$/.test(k)), Object.keys(seen).join('\n')).toBe(true);
      expect(Object.keys(seen).some((k) => k.startsWith('check true ')), Object.keys(seen).join('\n')).toBe(true);
      expect(await page.locator('[data-rs]').count()).toBeGreaterThan(0);
    } finally {
      pods.stop();
      slices.stop();
      console.log(`live view lag behind kubectl get -w (lesson 6):\n  ${lagReport.join('\n  ')}`);
      await stopAndCheckGone(tutor, url);
    }
  });

  it('lesson 7: a rollout as two ReplicaSets, the new one filling and the old one draining, within 1 s of the watch event', async () => {
    lagReport.length = 0;
    await kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=120s']);
    const sets = kubectlWatch(ws, ['get', 'replicasets', '-l', 'app=fastapi-k8s', '-o', 'jsonpath={.metadata.name} {.spec.replicas} {.status.readyReplicas}{"\\n"}']);
    await within(20_000, () => (sets.lines.length > 0 ? true : undefined), 'kubectl lists the ReplicaSets');
    const parsed = () => sets.lines.map((l) => {
      const [name = '', desired = '0', ready = '0'] = l.value.split(' ');
      return { at: l.at, name, desired: Number(desired), ready: Number(ready || 0) };
    });
    const active = parsed().filter((s) => s.desired > 0).at(-1)!.name;

    const { tutor, page, url } = await openBeside(['lesson', 'rolling-updates', '--yes', '--restart', '--view']);
    try {
      const fresh = await within(60_000, () => parsed().find((s) => s.name !== active && s.desired > 0), 'a new ReplicaSet');
      await page.waitForSelector('[data-role="taking-over"]', { timeout: 10_000 });
      await page.waitForSelector('[data-role="draining"] [data-pod]', { timeout: 10_000 });
      await within(30_000, async () => ((await page.locator(`[data-rs="${fresh.name}"] [data-state="ready"]`).count()) >= 2 ? true : undefined), 'two new pods Ready in the picture');
      await page.screenshot({ path: join(artifacts, 'view-lesson7-rollout.png') });
      const filled = await within(120_000, () => parsed().find((s) => s.name === fresh.name && s.ready === 5), 'the new ReplicaSet 5/5 ready');
      const drained = await within(60_000, () => parsed().find((s) => s.name === active && s.at > fresh.at && s.desired === 0), 'the old ReplicaSet scaled to 0');
      await page.waitForTimeout(LAG_MS);

      const seen = await pageSeen(page);
      const first = (prefix: string) => Math.min(...Object.entries(seen).filter(([k]) => k.startsWith(prefix)).map(([, t]) => t));
      expect(Object.keys(seen).some((k) => k.startsWith(`rs ${fresh.name} `) && k.endsWith('taking-over')), Object.keys(seen).join('\n')).toBe(true);
      expect(Object.keys(seen).some((k) => k.startsWith(`rs ${active} `) && k.endsWith('draining')), Object.keys(seen).join('\n')).toBe(true);
      expectLag(`replicaset ${fresh.name} appears`, first(`rs ${fresh.name} `), fresh.at);
      for (let n = 1; n <= 5; n++) {
        const kubectlAt = parsed().find((s) => s.name === fresh.name && s.ready === n)?.at;
        const pageAt = Math.min(...Object.entries(seen).filter(([k]) => new RegExp(`^rs ${fresh.name} \\d+/${n} `).test(k)).map(([, t]) => t));
        expectLag(`replicaset ${fresh.name} ${n} ready`, Number.isFinite(pageAt) ? pageAt : undefined, kubectlAt);
      }
      expectLag(`replicaset ${active} scaled to 0`, first(`rs ${active} 0/`), drained.at);
      expect(filled.at).toBeGreaterThan(fresh.at);
      expect(await page.locator('#lesson h2').textContent()).toBe('Lesson 7 · Rolling Updates');
    } finally {
      sets.stop();
      console.log(`live view lag behind kubectl get -w (lesson 7):\n  ${lagReport.join('\n  ')}`);
      await stopAndCheckGone(tutor, url);
    }
  });
});
