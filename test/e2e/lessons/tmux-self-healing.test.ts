import { execa } from 'execa';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../../lessons/catalog.js';
import { cleanup, repoRoot, workspace } from '../support/harness.js';
import { afterLessonThree, firstPod, kubectlOk, nodeStates } from '../support/lessons.js';

/**
 * The interactive flow in a real terminal: `k8s-tutor start` in tmux, the menu driven with arrow
 * keys, and a pod deleted with kubectl from a second pane. The tutor must notice on its own.
 */

const ws = workspace('tmux-healing');
const session = `k8s-tutor-e2e-${process.pid}`;
const tutorPane = `${session}:0.0`;

const tmux = (args: string[]) => execa('tmux', args, { reject: false });

async function screen(): Promise<string> {
  return String((await tmux(['capture-pane', '-p', '-J', '-S', '-400', '-t', tutorPane])).stdout);
}

/** Polls the tutor's pane until `pattern` shows, bounded. */
async function waitForScreen(pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await screen();
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the tutor's screen never showed ${pattern} within ${timeoutMs / 1000} s; it shows:\n${text}`);
}

function envLine(extra: Record<string, string> = {}): string[] {
  return Object.entries({ ...ws.env, TERM: 'xterm-256color', ...extra }).map(([k, v]) => `${k}=${v}`);
}

beforeAll(async () => {
  await afterLessonThree(ws);
  const command = ['env', ...envLine(), process.execPath, join(repoRoot, 'bin', 'k8s-tutor.js'), 'start', '-n', ws.namespace];
  const started = await tmux(['new-session', '-d', '-s', session, '-x', '180', '-y', '50', '-c', repoRoot, command.map((c) => `'${c}'`).join(' ')]);
  expect(started.exitCode, started.stderr).toBe(0);
});

afterAll(async () => {
  await tmux(['kill-session', '-t', session]);
  await cleanup(ws);
});

describe('the interactive self-healing lesson in tmux', () => {
  it('picks self-healing with the arrow keys, reaches the try-it step, and notices a kubectl delete from another pane without a key press', async () => {
    await waitForScreen(/Pick a lesson/, 30_000);
    for (let i = 0; i < 5; i++) await tmux(['send-keys', '-t', tutorPane, 'Down']);
    await waitForScreen(/❯\s*\S?\s*6\. Self-Healing/, 5_000);
    await tmux(['send-keys', '-t', tutorPane, 'Enter']);

    if ((await nodeStates(ws)).length > 1) {
      // On several nodes the drain comes first: done with kubectl here, noticed by the tutor's watches, then the uncordon.
      await waitForScreen(/Your turn\. Now you: drain the node[\s\S]*Watching the cluster for your change/, 180_000);
      const onNodes = (await kubectlOk(ws, ['get', 'pods', '-l', 'app=fastapi-k8s', '-n', ws.namespace, '-o', 'jsonpath={.items[*].spec.nodeName}'])).trim().split(/\s+/);
      const busiest = [...new Set(onNodes)].sort((a, b) => onNodes.filter((n) => n === b).length - onNodes.filter((n) => n === a).length)[0]!;
      await kubectlOk(ws, ['drain', busiest, '--ignore-daemonsets', '--delete-emptydir-data']);
      const drained = await waitForScreen(/Noticed: node \S+ was cordoned and the fastapi-k8s pods on it evicted[\s\S]*Your turn\. Give the node back/, 90_000);
      expect(drained).toContain(`${busiest} is cordoned`);
      await kubectlOk(ws, ['uncordon', busiest]);
      await waitForScreen(/Noticed: no node is cordoned/, 60_000);
    }
    const atTry = await waitForScreen(/Your turn\. In another terminal, list the fastapi-k8s pods[\s\S]*Watching the cluster for your change/, 120_000);
    expect(atTry).toMatch(new RegExp(`6/${catalog.length}\\s+Self-Healing`));
    expect(atTry).toMatch(/5\/5 ready again after/);
    expect(atTry).toContain('Your turn. In another terminal, list the fastapi-k8s pods, delete any one of them with kubectl');
    expect(atTry).not.toContain('Noticed: a pod was deleted');

    const pod = await firstPod(ws);
    const kubectl = ['env', ...envLine(), 'kubectl', 'delete', 'pod', pod, '-n', ws.namespace].map((c) => `'${c}'`).join(' ');
    const split = await tmux(['split-window', '-d', '-v', '-l', '6', '-t', tutorPane, '-c', repoRoot, `${kubectl}; sleep 60`]);
    expect(split.exitCode, split.stderr).toBe(0);

    // No key is sent from here on: the tutor has to see the change through its watches.
    const after = await waitForScreen(/Healed in [\d.]+ m?s\./, 90_000);
    expect(after).toMatch(/Noticed: a pod was deleted and ReplicaSet \S+ created \S+ in its place/);
    expect(after).toMatch(/What the cluster did after your delete/);
    expect(after).toContain(`deleted: Terminating`);
    const bottom = String((await tmux(['capture-pane', '-p', '-t', `${session}:0.1`])).stdout);
    expect(bottom).toContain(`pod "${pod}" deleted`);
  });
});
