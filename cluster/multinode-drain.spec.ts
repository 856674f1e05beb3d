// Lesson 6's drain, interrupted: the tutor is stopped while a node is cordoned, and every node must
// end up schedulable again: by the tutor's own cleanup on Ctrl-C, by `reset` after a SIGKILL.
// Run by the multi-node pass of scripts/test-all.sh (a drain needs two nodes that take pods):
//   K8S_TUTOR_NODES=3 npx vitest run --config cluster/vitest.multinode.config.ts cluster/multinode-drain.spec.ts
import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, repoRoot, workspace } from '../test/e2e/support/harness.js';
import { afterLessonThree, nodeStates } from '../test/e2e/support/lessons.js';

const ws = workspace('drain-interrupt');
beforeAll(async () => {
  expect((await nodeStates(ws)).length, 'a drain needs a cluster of several nodes (K8S_TUTOR_NODES=3)').toBeGreaterThan(1);
  await afterLessonThree(ws);
});
afterAll(() => cleanup(ws));

function lessonSix(): ResultPromise {
  return execa(process.execPath, [join(repoRoot, 'bin', 'k8s-tutor.js'), 'lesson', 'self-healing', '--yes', '--restart', '-n', ws.namespace], {
    cwd: repoRoot, env: ws.env, reject: false, stdin: 'ignore', timeout: 280_000,
  });
}

/** Polls the nodes until one carries the tutor's cordon mark: the tutor is in the middle of its drain. */
async function untilCordonedByTutor(child: ResultPromise): Promise<string> {
  let exited: number | undefined;
  void child.then((r) => (exited = r.exitCode ?? -1));
  const deadline = Date.now() + 200_000;
  while (Date.now() < deadline && exited === undefined) {
    const ours = (await nodeStates(ws)).find((n) => n.ours && n.cordoned);
    if (ours) return ours.name;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the tutor never cordoned a node (exit ${String(exited)})`);
}

describe('lesson 6 drain, interrupted', () => {
  it('SIGKILL while a node is cordoned: the node stays cordoned, with the mark; `reset --yes` makes every node schedulable', async () => {
    const child = lessonSix();
    const node = await untilCordonedByTutor(child);
    child.kill('SIGKILL');
    await child;
    expect((await nodeStates(ws)).find((n) => n.name === node)).toMatchObject({ cordoned: true, ours: true });

    const reset = await ws.tutor(['reset', '--yes']);
    expect(reset.exitCode, reset.stdout + reset.stderr).toBe(0);
    expect(reset.stdout).toContain(node);
    expect((await nodeStates(ws)).filter((n) => n.cordoned || n.ours)).toEqual([]);
  });

  it('Ctrl-C while a node is cordoned: the tutor uncordons it itself before it exits (130)', async () => {
    await afterLessonThree(ws);
    const child = lessonSix();
    const node = await untilCordonedByTutor(child);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, String(result.stdout) + String(result.stderr)).toBe(130);
    expect(String(result.stderr)).toContain('Interrupted');
    expect((await nodeStates(ws)).filter((n) => n.cordoned || n.ours), `node ${node} left cordoned`).toEqual([]);
  });
});
