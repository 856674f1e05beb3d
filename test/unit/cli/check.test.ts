import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { catalog } from '../../../lessons/catalog.js';
import { runCheck } from '../../../src/cli/commands/check.js';
import type { Deps } from '../../../src/cli/deps.js';
import { validateGlobal } from '../../../src/cli/options.js';
import { replicasReady } from '../../../src/checks/workload.js';
import { defineLesson } from '../../../src/course/lesson.js';
import { ProgressStore } from '../../../src/course/progress.js';
import { PlainUi } from '../../../src/ui/plain.js';
import { FakeKube, deployment, pod } from '../fake-kube.js';

it('a passing check marks the lesson done, so the menu no longer resumes it; a failing one leaves it as it was', async () => {
  const kube = new FakeKube([deployment('fastapi-k8s', 1, 1), pod('fastapi-k8s-a', 'fastapi-k8s')]);
  const store = new ProgressStore(mkdtempSync(join(tmpdir(), 'check-')));
  const lesson = defineLesson({ ...catalog[5]!, steps: [], check: [replicasReady('fastapi-k8s', 1)] });
  store.update(lesson.id, () => ({ status: 'in-progress', step: 3, updatedAt: '', baselines: {} }));
  const deps = {
    ui: new PlainUi({ write: () => undefined }), store, lessons: catalog, loadLesson: async () => lesson, sampleImage: 'x', global: validateGlobal({}),
    signal: new AbortController().signal, configDir: tmpdir(), env: {},
    connect: async () => ({ kube, cluster: { name: 'kind-dev', cluster: 'kind-dev', user: 'u', server: 'https://127.0.0.1:6443', flavor: 'kind' as const } }),
  } as unknown as Deps;
  const options = { lesson: catalog[5]!, watch: false, json: false, timeoutMs: 1000 };

  kube.put(deployment('fastapi-k8s', 1, 0));
  expect((await runCheck(options, deps)).exitCode).toBe(1);
  expect(store.lesson(lesson.id)).toMatchObject({ status: 'in-progress', step: 3 });

  kube.put(deployment('fastapi-k8s', 1, 1));
  expect((await runCheck(options, deps)).exitCode).toBe(0);
  expect(store.lesson(lesson.id)).toMatchObject({ status: 'done', step: 3 });
});
