import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkJson, cleanup, workspace } from '../support/harness.js';
import { checkPassesWithin, kubectlOk, skippedTries } from '../support/lessons.js';

const ws = workspace('storage');
const wsk = workspace('storage-kubectl');
afterAll(async () => {
  await cleanup(ws);
  await cleanup(wsk);
});

/** The guide's §12 claim, as printed there. */
const GUIDE_PVC = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data-pvc
spec:
  accessModes:
    - ReadWriteOnce          # Can be mounted by a single node
  resources:
    requests:
      storage: 1Gi           # Request 1 GiB of storage
`;

async function nodeCount(): Promise<number> {
  const run = await ws.kubectl(['get', 'nodes', '-o', 'name']);
  return run.stdout.trim().split('\n').filter(Boolean).length;
}

describe('lesson 12: persistent storage', () => {
  it('runs with --yes on a fresh namespace: the claim binds, stays on one node, and a note outlives the pod that wrote it', async () => {
    const run = await ws.tutor(['lesson', 'persistent-storage', '--yes'], { timeoutMs: 280_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    // This cluster has a default StorageClass: no hostPath volume is offered.
    expect(run.stdout).toMatch(/Default StorageClass: \S+\./);
    expect(run.stdout).toMatch(/data-pvc\s+Bound\s+pvc-\S+\s+1Gi\s+ReadWriteOnce/);
    if ((await nodeCount()) > 1) expect(run.stdout).toContain('Multi-Attach');
    expect(run.stdout).toMatch(/pod\(s\) on 1 node\(s\) mount the claim/);
    const writer = /written by pod (\S+) into \/app\/data/.exec(run.stdout)?.[1];
    expect(writer).toBeTruthy();
    expect(run.stdout).toMatch(new RegExp(`note 1 "written at [^"]+" \\(written by ${writer}\\)`));
    const { exitCode, report } = await checkJson(ws, 'persistent-storage');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(report.checks[3]!.message).toContain(`written by ${writer}, was read back from`);
    expect(exitCode).toBe(0);
  });

  it('--skip-tries: the tutor writes a note on the emptyDir; check names the claim step and the delete', async () => {
    const { run, check } = await skippedTries(wsk, 'persistent-storage');
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(check.exitCode).toBe(1);
    const [bound, mounted, , survived] = check.report.checks;
    expect(bound!.message).toBe('PersistentVolumeClaim data-pvc does not exist');
    expect(bound!.fix).toBe(`kubectl apply -f ${wsk.workdir}/manifests/storage.yaml -n ${wsk.namespace}`);
    expect(mounted!.message).toBe('/app/data is volume data, which is not the claim data-pvc (an emptyDir dies with its pod)');
    // On emptyDirs each pod has its own notes: the Service may ask one that has none.
    expect(survived!.message).toMatch(/^the pod that wrote the note \(\S+\) still runs|^no note has been written yet/);
  });

  it('the learner\'s own kubectl: the guide\'s claim, the volume swapped in, one replica, a note, its pod deleted', async () => {
    const ns = wsk.namespace;
    const notes = `/api/v1/namespaces/${ns}/services/fastapi-k8s:80/proxy/notes`;
    const dir = mkdtempSync(join(tmpdir(), 'k8s-tutor-guide-'));
    writeFileSync(join(dir, 'pvc.yaml'), GUIDE_PVC);
    await kubectlOk(wsk, ['apply', '-f', join(dir, 'pvc.yaml'), '-n', ns]);
    // The guide's volume (name data, persistentVolumeClaim data-pvc) in place of lesson 3's emptyDir of the same name.
    const volumes = JSON.parse(await kubectlOk(wsk, ['get', 'deployment', 'fastapi-k8s', '-n', ns, '-o', 'jsonpath={.spec.template.spec.volumes}'])) as { name: string }[];
    const at = volumes.findIndex((v) => v.name === 'data');
    await kubectlOk(wsk, ['patch', 'deployment', 'fastapi-k8s', '-n', ns, '--type', 'json', '-p', JSON.stringify([
      { op: 'replace', path: `/spec/template/spec/volumes/${at}`, value: { name: 'data', persistentVolumeClaim: { claimName: 'data-pvc' } } },
    ])]);
    await kubectlOk(wsk, ['scale', 'deployment', 'fastapi-k8s', '--replicas=1', '-n', ns]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ns, '--timeout=150s']);
    const noNote = await checkPassesWithin(wsk, 'persistent-storage', 30_000);
    expect(noNote.report.checks.slice(0, 3).map((c) => c.passed), JSON.stringify(noNote.report.checks)).toEqual([true, true, true]);

    const created = await wsk.kubectl(['create', '--raw', notes, '-f', '-'], { input: '{"text": "kept on the claim"}' });
    expect(created.exitCode, created.stderr).toBe(0);
    const writer = (JSON.parse(created.stdout) as { server: string }).server;
    const stillThere = await checkJson(wsk, 'persistent-storage');
    expect(stillThere.report.checks[3]!.message).toBe(`the pod that wrote the note (${writer}) still runs; delete it and let the Deployment replace it`);
    expect(stillThere.report.checks[3]!.fix).toBe(`kubectl delete pod ${writer} -n ${ns}`);

    await kubectlOk(wsk, ['delete', 'pod', writer, '-n', ns]);
    await kubectlOk(wsk, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ns, '--timeout=150s']);
    const after = await checkPassesWithin(wsk, 'persistent-storage');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.exitCode).toBe(0);
  });
});
