import { fail, learnerManifest, pass, type Check, type CheckContext, type KubeObject } from '../../engine.js';

interface Note {
  id: number;
  text: string;
  created_at: string;
  server: string;
}

async function notesFrom(ctx: CheckContext, target: { kind: 'service' | 'pod'; name: string; port: number }): Promise<Note[] | undefined> {
  // No answer (a pod starting or stopping) is "no notes to read": the callers say so in their failure.
  const answer = await ctx.kube.proxy(target, '/notes').catch(() => undefined);
  if (answer?.status !== 200) return undefined;
  try {
    return (JSON.parse(answer.body) as { notes?: Note[] }).notes ?? [];
  } catch {
    return undefined;
  }
}

function readyPods(pods: KubeObject[]): KubeObject[] {
  return pods.filter((p) => !p.metadata.deletionTimestamp && (p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}

/**
 * A note survived its pod: the pod that wrote it is gone, and a pod created after the note was
 * written reads it back. Only a volume that outlives pods (a PVC) makes that true.
 */
export function noteOutlivedPod(app: string, service: string): Check {
  const name = 'a note outlived the pod that wrote it';
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    // About the learner's delete: once seen, later changes (a rollout replacing every pod) do not hide it.
    latch: true,
    async evaluate(ctx) {
      const write = `kubectl create --raw /api/v1/namespaces/${ctx.namespace}/services/${service}:80/proxy/notes -f note.json   (note.json: {"text": "hello"})`;
      const notes = await notesFrom(ctx, { kind: 'service', name: service, port: 80 });
      if (notes === undefined) return fail(name, `GET /notes through Service ${service} did not answer`, { fix: `kubectl get --raw /api/v1/namespaces/${ctx.namespace}/services/${service}:80/proxy/notes` });
      if (notes.length === 0) return fail(name, 'no note has been written yet', { path: '/notes', expected: '≥1 note', actual: 0, fix: write });
      const pods = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${app}` });
      const alive = new Set(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name));
      const note = [...notes].reverse().find((n) => !alive.has(n.server));
      if (!note) {
        const writer = notes[notes.length - 1]!.server;
        return fail(name, `the pod that wrote the note (${writer}) still runs; delete it and let the Deployment replace it`, { path: 'pods', expected: `${writer} replaced`, actual: 'still running', fix: `kubectl delete pod ${writer} -n ${ctx.namespace}` });
      }
      // creationTimestamp has whole seconds: a replacement made within the note's second counts as newer.
      const written = Math.floor(Date.parse(note.created_at) / 1000) * 1000;
      const newer = readyPods(pods).filter((p) => p.metadata.name !== note.server && Date.parse(p.metadata.creationTimestamp ?? '') >= written)
        .sort((a, b) => Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? ''));
      if (newer.length === 0) return fail(name, `no ready pod was created after the note was written (${note.created_at})`, { fix: `kubectl get pods -l app=${app} -n ${ctx.namespace}` });
      const reader = newer[0]!.metadata.name;
      const seen = await notesFrom(ctx, { kind: 'pod', name: reader, port: 8000 });
      if (seen?.some((n) => n.id === note.id && n.text === note.text)) return pass(name, `note ${note.id} ("${note.text.slice(0, 40)}"), written by ${note.server}, was read back from ${reader}`);
      return fail(name, `pod ${reader}, created after note ${note.id}, does not have it: the data did not outlive its pod (is /app/data on the claim?)`, {
        path: 'spec.template.spec.volumes[data]', expected: 'persistentVolumeClaim data-pvc', actual: 'a volume that dies with its pod',
        fix: `kubectl apply -f ${learnerManifest('storage.yaml')} -f ${learnerManifest('deployment-storage.yaml')} -n ${ctx.namespace}`,
      });
    },
  };
}
