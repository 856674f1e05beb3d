import { expect } from 'vitest';
import { checkJson, type Workspace } from './harness.js';

/** Shared by the e2e tests of lessons 5–8: the Deployment of lesson 3, and a check that may take a while to pass. */

/** What a learner has after lesson 3: the guide's Deployment and Service, set up by the tutor. */
export async function afterLessonThree(ws: Workspace): Promise<void> {
  const run = await ws.tutor(['lesson', 'first-deployment', '--yes']);
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
}

/** `check <lesson> --json` until it passes (rollouts take a few seconds), bounded. */
export async function checkPassesWithin(ws: Workspace, lesson: string, timeoutMs = 120_000): Promise<Awaited<ReturnType<typeof checkJson>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await checkJson(ws, lesson);
    if (result.report.passed || Date.now() > deadline) return result;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

export async function kubectlOk(ws: Workspace, args: string[]): Promise<string> {
  const run = await ws.kubectl(args);
  expect(run.exitCode, `kubectl ${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

export async function firstPod(ws: Workspace): Promise<string> {
  const names = await kubectlOk(ws, ['get', 'pods', '-l', 'app=fastapi-k8s', '-n', ws.namespace, '-o', 'jsonpath={.items[*].metadata.name}']);
  const [first] = names.trim().split(/\s+/);
  expect(first).toBeTruthy();
  return first!;
}
