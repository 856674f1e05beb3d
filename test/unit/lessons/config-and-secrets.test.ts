import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resourcesAsInGuide } from '../../../lessons/08-resource-management/lesson.js';
import { logLevelDebug, usesConfig } from '../../../lessons/11-config-and-secrets/lesson.js';
import { wiringOf } from '../../../lessons/11-config-and-secrets/wiring.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FakeKube, object } from '../fake-kube.js';

const deploymentWith = (container: Record<string, unknown>, volumes: unknown[] = []): KubeObject =>
  object('apps/v1', 'Deployment', 'fastapi-k8s', { spec: { template: { spec: { containers: [{ name: 'fastapi-k8s', image: 'fastapi-k8s:latest', ...container }], volumes } } } });

/** The guide's §11 fragments, in one container. */
const guide = deploymentWith(
  {
    envFrom: [{ configMapRef: { name: 'fastapi-config' } }],
    env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'fastapi-secrets', key: 'DATABASE_URL' } } }],
    volumeMounts: [{ name: 'secret-volume', mountPath: '/etc/secrets', readOnly: true }],
  },
  [{ name: 'secret-volume', secret: { secretName: 'fastapi-secrets' } }],
);

const evaluate = (check: typeof usesConfig, objects: KubeObject[]) => {
  const kube = new FakeKube(objects);
  return check.evaluate({ kube, namespace: kube.namespace });
};

describe('lesson 11: how the Deployment gets its config', () => {
  it("the wiring's fix applies config.yaml again only when the ConfigMap or Secret is missing: it never puts back LOG_LEVEL=info over the learner's debug", async () => {
    const edited = object('v1', 'ConfigMap', 'fastapi-config', { data: { LOG_LEVEL: 'debug' } });
    const secret = object('v1', 'Secret', 'fastapi-secrets', {});
    const withBoth = await evaluate(usesConfig, [deploymentWith({}), edited, secret]);
    expect(withBoth.passed).toBe(false);
    expect(withBoth.fix).toMatch(/kubectl apply -f \S*deployment-config\.yaml -n /);
    expect(withBoth.fix).not.toContain('config.yaml -f');
    expect(withBoth.fix).not.toMatch(/\/config\.yaml/);
    const withoutSecret = await evaluate(usesConfig, [deploymentWith({}), edited]);
    expect(withoutSecret.fix).toMatch(/\/config\.yaml -f \S*deployment-config\.yaml/);
  });

  it('the course manifest: envFrom, LOG_LEVEL and API_KEY one by one, the secret volume "secrets"', async () => {
    const shipped = parseAllDocuments(readFileSync('manifests/deployment-config.yaml', 'utf8')).map((d) => d.toJS() as KubeObject)[0]!;
    expect(wiringOf(shipped, 'fastapi-k8s', 'fastapi-config', 'fastapi-secrets')).toEqual({
      config: ['envFrom', 'LOG_LEVEL'], secretEnv: ['API_KEY'], secretFiles: [{ volume: 'secrets', mountPath: '/etc/secrets' }],
    });
    expect((await evaluate(usesConfig, [shipped])).passed).toBe(true);
  });

  it('the course manifest adds configuration only, as the guide\'s §11 does: lesson 8\'s requests and limits stay lesson 8\'s to apply', async () => {
    const shipped = parseAllDocuments(readFileSync('manifests/deployment-config.yaml', 'utf8')).map((d) => d.toJS() as KubeObject)[0]!;
    const containers = (shipped.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers;
    expect(containers.map((c) => c.resources)).toEqual([undefined]);
    expect(JSON.stringify(shipped)).not.toContain('resourceFieldRef');
    expect((await evaluate(resourcesAsInGuide, [shipped])).passed).toBe(false);
  });

  it('the guide\'s YAML: envFrom, DATABASE_URL from the Secret, the volume "secret-volume"', async () => {
    const result = await evaluate(usesConfig, [guide]);
    expect(result.passed).toBe(true);
    expect(result.message).toBe('the container gets every key of fastapi-config (envFrom); DATABASE_URL of fastapi-secrets as env and fastapi-secrets as files in /etc/secrets (volume secret-volume)');
  });

  it('single keys (configMapKeyRef) and a Secret only as files, or only as envFrom secretRef, pass', async () => {
    const single = deploymentWith({ env: [{ name: 'APP_ENV', valueFrom: { configMapKeyRef: { name: 'fastapi-config', key: 'APP_ENV' } } }], volumeMounts: [{ name: 'creds', mountPath: '/run/creds' }] }, [{ name: 'creds', secret: { secretName: 'fastapi-secrets' } }]);
    expect((await evaluate(usesConfig, [single])).message).toBe('the container gets APP_ENV from fastapi-config; fastapi-secrets as files in /run/creds (volume creds)');
    const envFrom = deploymentWith({ envFrom: [{ configMapRef: { name: 'fastapi-config' } }, { secretRef: { name: 'fastapi-secrets' } }] });
    expect((await evaluate(usesConfig, [envFrom])).passed).toBe(true);
  });

  it('fails without the ConfigMap, without the Secret, or with a secret volume nobody mounts', async () => {
    expect((await evaluate(usesConfig, [deploymentWith({})])).message).toContain('does not read ConfigMap fastapi-config');
    const unmounted = deploymentWith({ envFrom: [{ configMapRef: { name: 'fastapi-config' } }] }, [{ name: 'secret-volume', secret: { secretName: 'fastapi-secrets' } }]);
    const result = await evaluate(usesConfig, [unmounted]);
    expect(result.passed).toBe(false);
    expect(result.message).toContain('does not use Secret fastapi-secrets');
    expect((await evaluate(usesConfig, [])).message).toContain('does not exist');
  });
});

describe('lesson 11: the learner\'s edit', () => {
  const cm = (level: string) => object('v1', 'ConfigMap', 'fastapi-config', { data: { APP_ENV: 'production', LOG_LEVEL: level } });
  it('the shipped info fails with the patch; debug (any case) passes', async () => {
    const shipped = await evaluate(logLevelDebug, [cm('info')]);
    expect(shipped.passed).toBe(false);
    expect(shipped.fix).toContain('kubectl patch configmap fastapi-config');
    expect((await evaluate(logLevelDebug, [cm('debug')])).passed).toBe(true);
    expect((await evaluate(logLevelDebug, [cm('DEBUG')])).passed).toBe(true);
  });
});
