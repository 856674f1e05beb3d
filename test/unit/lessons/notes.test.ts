import { describe, expect, it } from 'vitest';
import { noteOutlivedPod } from '../../../lessons/lib/checks/notes.js';
import { FakeKube, object } from '../fake-kube.js';

const note = { id: 1, text: 'kept', created_at: '2026-01-01T10:00:05.400Z', server: 'writer' };
const notes = (list: unknown[]) => ({ status: 200, body: JSON.stringify({ notes: list }) });
const pod = (name: string, created: string) => object('v1', 'Pod', name, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { namespace: 'k8s-tutor', labels: { app: 'fastapi-k8s' }, creationTimestamp: created });

async function evaluate(pods: ReturnType<typeof pod>[], answers: Record<string, { status: number; body: string }>) {
  const kube = new FakeKube(pods, 'k8s-tutor', answers);
  return noteOutlivedPod('fastapi-k8s', 'fastapi-k8s').evaluate({ kube, namespace: kube.namespace });
}

describe('noteOutlivedPod', () => {
  it('asks for a note first, with the kubectl create --raw command', async () => {
    const result = await evaluate([pod('a', '2026-01-01T10:00:00Z')], { 'service/fastapi-k8s/notes': notes([]) });
    expect(result.passed).toBe(false);
    expect(result.fix).toContain('kubectl create --raw /api/v1/namespaces/k8s-tutor/services/fastapi-k8s:80/proxy/notes -f note.json');
  });

  it('asks to delete the writer while it still runs', async () => {
    const result = await evaluate([pod('writer', '2026-01-01T10:00:00Z')], { 'service/fastapi-k8s/notes': notes([note]) });
    expect(result.message).toBe('the pod that wrote the note (writer) still runs; delete it and let the Deployment replace it');
    expect(result.fix).toBe('kubectl delete pod writer -n k8s-tutor');
  });

  it('counts a replacement created within the note\'s second (creationTimestamp has whole seconds)', async () => {
    const result = await evaluate(
      [pod('old', '2026-01-01T09:59:00Z'), pod('replacement', '2026-01-01T10:00:05Z')],
      { 'service/fastapi-k8s/notes': notes([note]), 'pod/replacement/notes': notes([note]) },
    );
    expect(result.passed).toBe(true);
    expect(result.message).toBe('note 1 ("kept"), written by writer, was read back from replacement');
  });

  it('fails when the replacement does not have the note (an emptyDir)', async () => {
    const result = await evaluate(
      [pod('replacement', '2026-01-01T10:00:09Z')],
      { 'service/fastapi-k8s/notes': notes([note]), 'pod/replacement/notes': notes([]) },
    );
    expect(result.passed).toBe(false);
    expect(result.fix).toBe(`kubectl apply -f ${process.env.K8S_TUTOR_WORKDIR}/manifests/storage.yaml -f ${process.env.K8S_TUTOR_WORKDIR}/manifests/deployment-storage.yaml -n k8s-tutor`);
  });
});
