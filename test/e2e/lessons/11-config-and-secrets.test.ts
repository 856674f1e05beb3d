import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('config');
const wsk = workspace('config-kubectl');
beforeAll(() => afterLessonThree(wsk));
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

const SECRET_VALUES = ['demo-api-key-not-a-real-secret', 'demo-password', 'ZGVtby1hcGkta2V5'];

describe('lesson 11: config and secrets', () => {
  it('runs with --yes on a fresh namespace, and never prints a secret value', async () => {
    const run = await ws.tutor(['lesson', 'config-and-secrets', '--yes'], { timeoutMs: 280_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Base64 is an encoding, not encryption');
    expect(run.stdout).toMatch(/API_KEY: \d+ bytes/);
    expect(run.stdout).toMatch(/app_env=production {2}log_level=info/);
    expect(run.stdout).toMatch(/app_env=production {2}log_level=debug/);
    expect(run.stdout).toContain('secret_files=["API_KEY","DATABASE_URL"]');
    const { exitCode, report, raw } = await checkJson(ws, 'config-and-secrets');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
    for (const value of SECRET_VALUES) expect(run.stdout + run.stderr + raw.stdout).not.toContain(value);
  });

  it('the learner\'s own kubectl: check fails before the ConfigMap is used, then the guide\'s apply passes it', async () => {
    const before = await checkJson(wsk, 'config-and-secrets');
    expect(before.exitCode).toBe(1);
    const [uses, served] = before.report.checks;
    expect(uses!.passed).toBe(false);
    expect(uses!.message).toBe('Deployment fastapi-k8s: envFrom is not set; this lesson expects [{"configMapRef":{"name":"fastapi-config"}}]');
    expect(uses!.fix).toBe(`kubectl apply -f ${wsk.workdir}/manifests/config.yaml -f ${wsk.workdir}/manifests/deployment-config.yaml -n ${wsk.namespace}`);
    expect(served!.message).toBe('ConfigMap fastapi-config does not exist');

    await kubectlOk(wsk, ['apply', '-f', 'manifests/config.yaml', '-f', 'manifests/deployment-config.yaml', '-n', wsk.namespace]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', wsk.namespace, '--timeout=150s']);
    const after = await checkPassesWithin(wsk, 'config-and-secrets');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
  });
});
