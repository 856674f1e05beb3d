import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('storage');
const wsk = workspace('storage-kubectl');
beforeAll(() => afterLessonThree(wsk));
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

describe('lesson 12: persistent storage', () => {
  it('runs with --yes on a fresh namespace: the claim binds, and a note outlives the pod that wrote it', async () => {
    const run = await ws.tutor(['lesson', 'persistent-storage', '--yes'], { timeoutMs: 280_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    // This cluster has a default StorageClass: no hostPath volume is offered.
    expect(run.stdout).toMatch(/Default StorageClass: \S+\./);
    expect(run.stdout).toMatch(/data-pvc\s+Bound\s+pvc-\S+\s+1Gi\s+ReadWriteOnce/);
    const writer = /written by pod (\S+) into \/app\/data/.exec(run.stdout)?.[1];
    expect(writer).toBeTruthy();
    expect(run.stdout).toMatch(new RegExp(`note 1 "written at [^"]+" \\(written by ${writer}\\)`));
    const { exitCode, report } = await checkJson(ws, 'persistent-storage');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(report.checks[2]!.message).toContain(`written by ${writer}, was read back from`);
    expect(exitCode).toBe(0);
  });

  it('the learner\'s own kubectl: apply, write a note, delete its pod; check follows each step', async () => {
    const notes = `/api/v1/namespaces/${wsk.namespace}/services/fastapi-k8s:80/proxy/notes`;
    const before = await checkJson(wsk, 'persistent-storage');
    expect(before.exitCode).toBe(1);
    expect(before.report.checks[0]!.message).toBe('PersistentVolumeClaim data-pvc does not exist');
    expect(before.report.checks[0]!.fix).toBe(`kubectl apply -f ${wsk.workdir}/manifests/storage.yaml -n ${wsk.namespace}`);

    await kubectlOk(wsk, ['apply', '-f', 'manifests/storage.yaml', '-f', 'manifests/deployment-storage.yaml', '-n', wsk.namespace]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', wsk.namespace, '--timeout=150s']);
    const noNote = await checkJson(wsk, 'persistent-storage');
    expect(noNote.report.checks[2]!.message).toBe('no note has been written yet');
    expect(noNote.report.checks[2]!.fix).toContain(`kubectl create --raw ${notes} -f note.json`);

    const created = await wsk.kubectl(['create', '--raw', notes, '-f', '-'], { input: '{"text": "kept on the claim"}' });
    expect(created.exitCode, created.stderr).toBe(0);
    const writer = (JSON.parse(created.stdout) as { server: string }).server;
    const stillThere = await checkJson(wsk, 'persistent-storage');
    expect(stillThere.report.checks[2]!.message).toBe(`the pod that wrote the note (${writer}) still runs; delete it and let the Deployment replace it`);
    expect(stillThere.report.checks[2]!.fix).toBe(`kubectl delete pod ${writer} -n ${wsk.namespace}`);

    await kubectlOk(wsk, ['delete', 'pod', writer, '-n', wsk.namespace]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', wsk.namespace, '--timeout=150s']);
    const after = await checkPassesWithin(wsk, 'persistent-storage');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
  });
});
