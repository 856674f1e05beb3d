import { describe, expect, it } from 'vitest';
import { undoRestored } from '../../../lessons/lib/checks/rollout-undo.js';
import type { Kube, KubeObject } from '../../../src/kube/types.js';
import { deployment, DONE, replicaSet, replicaSets, template } from '../kube/rollout-fixtures.js';

function kubeWith(d: KubeObject | undefined, rs: KubeObject[]): Kube {
  return { namespace: 'ns', get: async () => d, list: async () => rs } as unknown as Kube;
}
const check = undoRestored('fastapi-k8s', 3);
const run = (d: KubeObject | undefined, rs: KubeObject[] = replicaSets) => check.evaluate({ kube: kubeWith(d, rs), namespace: 'ns' });
const atRevision = (d: KubeObject, revision: number) => ({ ...d, metadata: { ...d.metadata, annotations: { 'deployment.kubernetes.io/revision': String(revision) } } });

describe('undoRestored', () => {
  it('passes when the current revision was brought back by an undo and is rolled out', async () => {
    const result = await run(deployment(DONE));
    expect(result).toMatchObject({ passed: true, message: 'revision 6 restores earlier revision 2,4 and is rolled out' });
  });

  it('fails with too few revisions, and names the next kubectl step', async () => {
    const result = await run(atRevision(deployment(DONE), 2));
    expect(result).toMatchObject({ passed: false, actual: 2, fix: 'kubectl rollout undo deployment fastapi-k8s -n ns' });
    expect(result.message).toBe('Deployment fastapi-k8s is at revision 2; this lesson expects at least 3: roll out a new version, then undo it');
    expect((await run(atRevision(deployment(DONE), 1))).fix).toBe('kubectl set env deployment/fastapi-k8s APP_VERSION=2.0.0 -n ns');
  });

  it('fails when the current revision is a fresh template rather than an undo', async () => {
    const fresh = [replicaSet('fastapi-k8s-76bcbfbc9b', 6, { replicas: 5 }, undefined)];
    const result = await run(deployment(DONE), fresh);
    expect(result).toMatchObject({ passed: false, message: 'revision 6 of fastapi-k8s is a new template, not one brought back by an undo', fix: 'kubectl rollout undo deployment fastapi-k8s -n ns' });
  });

  it('fails when the template changed after the undo, and while the rollout is still going', async () => {
    const changed = { ...deployment(DONE), spec: { replicas: 5, template: template('3.0.0', '') } };
    expect((await run(changed)).message).toBe("the Deployment's pod template changed after the undo; it no longer equals revision 6");
    const rolling = deployment({ ...DONE, updatedReplicas: 3, replicas: 6 });
    expect(await run(rolling)).toMatchObject({ passed: false, message: 'Waiting for deployment "fastapi-k8s" rollout to finish: 3 out of 5 new replicas have been updated...' });
  });

  it('fails plainly when the Deployment is missing', async () => {
    expect(await run(undefined)).toMatchObject({ passed: false, message: 'Deployment fastapi-k8s does not exist in namespace ns', fix: `kubectl apply -f ${process.env.K8S_TUTOR_WORKDIR}/manifests/deployment-rolling.yaml -n ns` });
  });
});
