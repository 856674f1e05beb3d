import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { catalog } from '../../../lessons/catalog.js';
import { runReset } from '../../../src/cli/commands/reset.js';
import type { Deps } from '../../../src/cli/deps.js';
import { validateGlobal } from '../../../src/cli/options.js';
import { ProgressStore } from '../../../src/course/progress.js';
import { UsageError } from '../../../src/errors.js';
import { PlainUi } from '../../../src/ui/plain.js';
import { FakeKube, deployment } from '../fake-kube.js';

function setup() {
  const configDir = mkdtempSync(join(tmpdir(), 'reset-'));
  const labelled = { ...deployment('fastapi-k8s', 1, 1), metadata: { ...deployment('fastapi-k8s', 1, 1).metadata, labels: { 'app.kubernetes.io/managed-by': 'k8s-tutor' } } };
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'k8s-tutor' } };
  const kube = new FakeKube([namespace, labelled]);
  const deps = {
    ui: new PlainUi({ write: () => undefined }), store: new ProgressStore(configDir), lessons: catalog, sampleImage: 'x', global: validateGlobal({ yes: true }),
    signal: new AbortController().signal, configDir, env: {},
    connect: async () => ({ kube, cluster: { name: 'kind-dev', cluster: 'kind-dev', user: 'u', server: 'https://127.0.0.1:6443', flavor: 'kind' as const } }),
  } as unknown as Deps;
  return { kube, deps, configDir };
}

it('reset waits its turn: while a lesson runs in the namespace (its lock held by a live process), it refuses in one line and deletes nothing', async () => {
  const { kube, deps, configDir } = setup();
  writeFileSync(join(configDir, 'lesson-k8s-tutor.lock'), String(process.ppid));
  const refused = await runReset({ progress: false, yes: true }, deps).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(UsageError);
  expect((refused as UsageError).message).toMatch(/another k8s-tutor \(pid \d+\) is running a lesson in namespace k8s-tutor/);
  expect(await kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'fastapi-k8s' })).toBeDefined();
});

it('with no lesson running, reset deletes the labelled objects and leaves no lock behind', async () => {
  const { kube, deps } = setup();
  const { data } = await runReset({ progress: false, yes: true }, deps);
  expect(data.deleted).toContain('deployment/fastapi-k8s');
  expect(await kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'fastapi-k8s' })).toBeUndefined();
  // The lock was released: taking it again works.
  expect((await runReset({ progress: false, yes: true }, deps)).exitCode).toBe(0);
});
