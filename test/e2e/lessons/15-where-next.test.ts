import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOverlay } from '../../../lessons/15-where-next/overlay.js';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('where-next');
const wsk = workspace('where-next-kubectl');
beforeAll(() => afterLessonThree(wsk));
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

describe('lesson 15: where next', () => {
  it('runs with --yes: renders the overlay with kubectl kustomize, applies it, summarises, keeps everything', async () => {
    const run = await ws.tutor(['lesson', 'where-next', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Deployment\s+dev-fastapi-k8s\s+replicas 1\s+app=dev-fastapi-k8s/);
    expect(run.stdout).toMatch(/Service\s+dev-fastapi-k8s\s+type ClusterIP/);
    expect(run.stdout).toContain('Rendered by kubectl kustomize');
    expect(run.stdout).toContain('Kept everything (--yes keeps it)');
    const { exitCode, report } = await checkJson(ws, 'where-next');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
    const list = JSON.parse((await ws.tutor(['list', '--json'])).stdout) as { id: string; status: string }[];
    expect(list.find((l) => l.id === 'where-next')?.status).toBe('done');
  });

  it('the learner\'s own kubectl: check fails before the overlay, then kubectl apply -k passes it', async () => {
    const before = await checkJson(wsk, 'where-next');
    expect(before.exitCode).toBe(1);
    expect(before.report.checks[0]!.message).toBe(`Deployment dev-fastapi-k8s does not exist in namespace ${wsk.namespace}`);
    expect(before.report.checks[0]!.fix).toMatch(new RegExp(`^kubectl apply -k \\S+/kustomize/overlays/dev -n ${wsk.namespace}`));

    const overlay = writeOverlay(mkdtempSync(join(tmpdir(), 'k8s-tutor-kustomize-')));
    await kubectlOk(wsk, ['apply', '-k', overlay, '-n', wsk.namespace]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/dev-fastapi-k8s', '-n', wsk.namespace, '--timeout=120s']);
    const after = await checkPassesWithin(wsk, 'where-next');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
  });
});
