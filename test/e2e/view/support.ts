import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import type { Page } from 'playwright-core';
import { repoRoot, type Workspace } from '../support/harness.js';

/** Where the view's tests leave their screenshots (gitignored; CI keeps them as artifacts). */
export const artifacts = join(repoRoot, 'test', 'artifacts');
mkdirSync(artifacts, { recursive: true });

export const CHROMIUM = process.env.K8S_TUTOR_CHROMIUM ?? '/usr/bin/chromium';

export interface Running {
  /** The view's address, once printed. */
  url: Promise<string>;
  output(): string;
  /** Ctrl-C, as a learner stops the tutor; resolves with the exit code. */
  interrupt(): Promise<number>;
}

/** The tutor in the background (a lesson with --view, or `view`), its output kept. */
export function startTutor(ws: Workspace, args: string[], timeoutMs = 240_000): Running {
  const child: ResultPromise = execa(process.execPath, [join(repoRoot, 'bin', 'k8s-tutor.js'), ...args, '-n', ws.namespace], {
    cwd: repoRoot,
    env: ws.env,
    reject: false,
    stdin: 'ignore',
    timeout: timeoutMs,
  });
  let text = '';
  let found: (url: string) => void;
  let failed: (error: Error) => void;
  const url = new Promise<string>((resolve, reject) => ((found = resolve), (failed = reject)));
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    const match = /http:\/\/127\.0\.0\.1:\d+\/[\w-]+\//.exec(text);
    if (match) found(match[0]);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  void child.then((r) => failed(new Error(`the tutor ended (exit ${r.exitCode}) before printing the view's address:\n${text}`)));
  return {
    url,
    output: () => text,
    async interrupt() {
      child.kill('SIGINT');
      return (await child).exitCode ?? -1;
    },
  };
}

/** One line per watch event, with the time it reached this process: what `kubectl get -w` shows a person. */
export interface Seen<T> {
  at: number;
  value: T;
}

export function kubectlWatch(ws: Workspace, args: string[]): { lines: Seen<string>[]; stop(): void } {
  const lines: Seen<string>[] = [];
  const child = execa('kubectl', [...args, '-n', ws.namespace, '--watch'], { env: ws.env, reject: false, stdin: 'ignore', timeout: 240_000 });
  let rest = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const at = Date.now();
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) if (line.trim()) lines.push({ at, value: line.trim() });
  });
  return { lines, stop: () => void child.kill() };
}

/**
 * A recorder that runs in the page before its own script: the first time (page clock = this
 * machine's clock) each pod is drawn in each state, each ReplicaSet with each desired/ready and
 * role, each lesson step and check item; and every change of a Service's ready endpoint count.
 */
export async function recordPage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: Record<string, number> = {};
    const counts: Record<string, { at: number; n: number }[]> = {};
    Object.assign(window, { seen, counts });
    const note = () => {
      const now = Date.now();
      const mark = (key: string) => (seen[key] ??= now);
      for (const el of document.querySelectorAll<HTMLElement>('[data-pod]')) mark(`pod ${el.dataset.pod} ${el.dataset.state}`);
      for (const el of document.querySelectorAll<HTMLElement>('[data-rs]')) mark(`rs ${el.dataset.rs} ${el.dataset.desired}/${el.dataset.ready} ${el.dataset.role}`);
      for (const el of document.querySelectorAll<HTMLElement>('[data-step]')) mark(`step ${el.textContent}`);
      for (const el of document.querySelectorAll<HTMLElement>('[data-check]')) mark(`check ${el.dataset.passed} ${el.textContent}`);
      for (const el of document.querySelectorAll<HTMLElement>('[data-service]')) {
        const log = (counts[el.dataset.service!] ??= []);
        const n = Number(el.dataset.endpointsReady);
        if (log.at(-1)?.n !== n) log.push({ at: now, n });
      }
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true });
  });
}

export async function pageCounts(page: Page): Promise<Record<string, { at: number; n: number }[]>> {
  return page.evaluate(() => structuredClone((window as unknown as { counts: Record<string, { at: number; n: number }[]> }).counts));
}

export async function pageSeen(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => ({ ...(window as unknown as { seen: Record<string, number> }).seen }));
}

/** Polls `probe` until it returns a value, at most `ms`. */
export async function within<T>(ms: number, probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
