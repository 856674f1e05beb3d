import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOverlay } from '../../../lessons/15-where-next/overlay.js';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { checkPassesWithin, kubectlOk, shellOk, skippedTries } from '../support/lessons.js';

const ws = workspace('where-next');
const wsk = workspace('where-next-kubectl');
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

describe('lesson 15: where next', () => {
  it('runs with --yes: renders the overlay with kubectl kustomize, applies it; after a reset the learner\'s apply still counts', async () => {
    const run = await ws.tutor(['lesson', 'where-next', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Deployment\s+dev-fastapi-k8s\s+replicas 1\s+app=dev-fastapi-k8s/);
    expect(run.stdout).toMatch(/Service\s+dev-fastapi-k8s\s+type ClusterIP/);
    expect(run.stdout).toContain('Rendered by kubectl kustomize');
    expect(run.stdout).toContain('The tutor does not run helm');
    expect(run.stdout).toContain('Kept everything (--yes keeps it)');
    const { exitCode, report } = await checkJson(ws, 'where-next');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
    const list = JSON.parse((await ws.tutor(['list', '--json'])).stdout) as { id: string; status: string }[];
    expect(list.find((l) => l.id === 'where-next')?.status).toBe('done');

    expect((await ws.tutor(['reset', '--yes'])).exitCode).toBe(0);
    const afterReset = await checkJson(ws, 'where-next');
    expect(afterReset.report.passed, JSON.stringify(afterReset.report.checks)).toBe(true);
    expect(afterReset.report.checks[0]!.message).toMatch(/\(seen \d{4}-/);
  });

  it('--skip-tries: the overlay is rendered but not applied, and check names the apply -k step', async () => {
    const { run, check } = await skippedTries(wsk, 'where-next');
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(check.exitCode).toBe(1);
    expect(check.report.checks[0]!.name).toBe('you applied the Kustomize overlay (dev-fastapi-k8s: 1/1 ready)');
    expect(check.report.checks[0]!.message).toBe(`Deployment dev-fastapi-k8s does not exist in namespace ${wsk.namespace}`);
    expect(check.report.checks[0]!.fix).toBe(`kubectl apply -k ${wsk.configDir}/kustomize/overlays/dev -n ${wsk.namespace}   # k8s-tutor lesson where-next writes the overlay`);
  });

  it('the learner\'s own kubectl: the guide\'s kubectl apply -k overlays/production/ passes, and the printed apply -k works pasted anywhere', async () => {
    const failing = await checkJson(wsk, 'where-next');
    expect(failing.exitCode).toBe(1);
    // The guide's spelling, from a folder with an overlays/production/ of the learner's own.
    const tree = mkdtempSync(join(tmpdir(), 'k8s-tutor-kustomize-'));
    writeOverlay(tree);
    cpSync(join(tree, 'overlays', 'dev'), join(tree, 'overlays', 'production'), { recursive: true });
    const guide = await execa('kubectl', ['apply', '-k', 'overlays/production/', '-n', wsk.namespace], { cwd: tree, env: wsk.env, reject: false });
    expect(guide.exitCode, guide.stderr).toBe(0);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/dev-fastapi-k8s', '-n', wsk.namespace, '--timeout=120s']);
    const after = await checkPassesWithin(wsk, 'where-next');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);

    // The command check printed, pasted into bash in an empty folder: it applies the same overlay.
    expect(await shellOk(wsk, failing.report.checks[0]!.fix!)).toMatch(/deployment.apps\/dev-fastapi-k8s (unchanged|configured)/);
  });
});
