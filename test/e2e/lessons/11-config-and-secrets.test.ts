import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { checkPassesWithin, kubectlOk, shellOk, skippedTries } from '../support/lessons.js';

const ws = workspace('config');
const wsk = workspace('config-kubectl');
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

const SECRET_VALUES = ['demo-api-key-not-a-real-secret', 'demo-password', 'ZGVtby1hcGkta2V5', 'super-secret-key', 'postgres://user:pass@db:5432/mydb'];

/** The guide's §11 YAML, as printed there: the ConfigMap and the Secret. */
const GUIDE_CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: fastapi-config
data:
  APP_ENV: "production"
  LOG_LEVEL: "info"
  MAX_CONNECTIONS: "100"
---
apiVersion: v1
kind: Secret
metadata:
  name: fastapi-secrets
type: Opaque
data:
  DATABASE_URL: cG9zdGdyZXM6Ly91c2VyOnBhc3NAZGI6NTQzMi9teWRi    # base64 encoded
  API_KEY: c3VwZXItc2VjcmV0LWtleQ==                                # base64 encoded
`;

/** The guide's container fragments (envFrom, the DATABASE_URL secret env, the secret-volume mount), as one patch. */
const GUIDE_CONTAINER = `spec:
  template:
    spec:
      containers:
        - name: fastapi-k8s
          image: fastapi-k8s:latest
          envFrom:
            - configMapRef:
                name: fastapi-config
          env:
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: fastapi-secrets
                  key: DATABASE_URL
          volumeMounts:
            - name: secret-volume
              mountPath: /etc/secrets
              readOnly: true
      volumes:
        - name: secret-volume
          secret:
            secretName: fastapi-secrets
`;

describe('lesson 11: config and secrets', () => {
  it('runs with --yes on a fresh namespace, and never prints a secret value', async () => {
    const run = await ws.tutor(['lesson', 'config-and-secrets', '--yes'], { timeoutMs: 280_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Base64 is an encoding, not encryption');
    expect(run.stdout).toMatch(/API_KEY: \d+ bytes/);
    expect(run.stdout).toContain('echo -n "my-secret-value" | base64      →  bXktc2VjcmV0LXZhbHVl');
    expect(run.stdout).toContain('decoded    only-a-demo-value');
    expect(run.stdout).toMatch(/app_env=production {2}log_level=info/);
    expect(run.stdout).toMatch(/app_env=production {2}log_level=debug/);
    expect(run.stdout).toContain('secret_files=["API_KEY","DATABASE_URL"]');
    const { exitCode, report, raw } = await checkJson(ws, 'config-and-secrets');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
    for (const value of SECRET_VALUES) expect(run.stdout + run.stderr + raw.stdout).not.toContain(value);
    expect((await ws.kubectl(['get', 'secret', 'base64-demo', '-n', ws.namespace])).exitCode).toBe(1);
  });

  it('--skip-tries: the tutor\'s own steps run, and check names the step left undone', async () => {
    const { run, check } = await skippedTries(wsk, 'config-and-secrets');
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(check.exitCode).toBe(1);
    const [uses, edited, served] = check.report.checks;
    expect(uses!.passed).toBe(false);
    expect(uses!.name).toContain('(apply deployment-config.yaml)');
    expect(uses!.fix).toBe(`kubectl apply -f ${wsk.workdir}/manifests/config.yaml -f ${wsk.workdir}/manifests/deployment-config.yaml -n ${wsk.namespace}`);
    expect(edited!.message).toBe('ConfigMap fastapi-config does not exist');
    expect(served!.passed).toBe(false);
  });

  it('the learner\'s own kubectl with the guide\'s YAML: the edit without the restart fails, the printed restart passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-tutor-guide-'));
    writeFileSync(join(dir, 'config.yaml'), GUIDE_CONFIG);
    writeFileSync(join(dir, 'container.yaml'), GUIDE_CONTAINER);
    await kubectlOk(wsk, ['apply', '-f', join(dir, 'config.yaml'), '-n', wsk.namespace]);
    await kubectlOk(wsk, ['patch', 'deployment', 'fastapi-k8s', '--patch-file', join(dir, 'container.yaml'), '-n', wsk.namespace]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', wsk.namespace, '--timeout=150s']);
    const applied = await checkJson(wsk, 'config-and-secrets');
    const [uses, edited, served] = applied.report.checks;
    expect(uses!.passed, uses!.message).toBe(true);
    expect(uses!.message).toContain('fastapi-secrets as files in /etc/secrets (volume secret-volume)');
    expect(edited!.passed).toBe(false);
    expect(served!.passed, served!.message).toBe(true);

    await shellOk(wsk, edited!.fix!);
    const notRestarted = await checkJson(wsk, 'config-and-secrets');
    expect(notRestarted.exitCode).toBe(1);
    expect(notRestarted.report.checks[1]!.passed).toBe(true);
    expect(notRestarted.report.checks[2]!.message).toMatch(/reports log_level=info, but ConfigMap fastapi-config says LOG_LEVEL=debug/);

    await shellOk(wsk, notRestarted.report.checks[2]!.fix!);
    const after = await checkPassesWithin(wsk, 'config-and-secrets');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
    for (const value of SECRET_VALUES) expect(after.raw.stdout + notRestarted.raw.stdout).not.toContain(value);
  });
});
