import { catalog } from '../../../lessons/catalog.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, workspace } from '../support/harness.js';
import { allLessons, progressText, runLessons, secretLeaks, secretValues } from '../support/safety.js';

/**
 * Issue 7 item 1: decoys in `default` and `decoy` (some labelled app=fastapi-k8s, one with the
 * very names the lessons use) must come through every lesson and a reset unchanged, and nothing
 * with the tutor's label may be left behind.
 * Issue 7 item 8, on the same run of every lesson: no Secret value (nor its base64) appears in
 * any lesson's stdout or stderr, in `check --json` or `hint` for each lesson, or in progress.json.
 */

const ws = workspace('safety-audit');
const LABEL = 'app.kubernetes.io/managed-by=k8s-tutor';
const DECOY_NS = 'decoy';
const KINDS = ['deployments.apps', 'replicasets.apps', 'pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims'];

function decoys(namespace: string, name: string): string {
  const labels = `{app: fastapi-k8s, purpose: k8s-tutor-safety-decoy}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}}
spec:
  replicas: 1
  selector: {matchLabels: {app: fastapi-k8s}}
  template:
    metadata: {labels: ${labels}}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: fastapi-k8s
        image: fastapi-k8s:1.0.0
        imagePullPolicy: Never
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        resources: {requests: {cpu: 10m, memory: 32Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}}
spec: {selector: {app: fastapi-k8s}, ports: [{port: 80, targetPort: 8000}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name === 'fastapi-k8s' ? 'fastapi-config' : `${name}-config`}, namespace: ${namespace}, labels: {purpose: k8s-tutor-safety-decoy}}
data: {APP_ENV: decoy}
---
apiVersion: v1
kind: Secret
metadata: {name: ${name === 'fastapi-k8s' ? 'fastapi-secrets' : `${name}-secrets`}, namespace: ${namespace}, labels: {purpose: k8s-tutor-safety-decoy}}
stringData: {API_KEY: decoy-value}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name === 'fastapi-k8s' ? 'notes-data' : `${name}-data`}, namespace: ${namespace}, labels: ${labels}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Mi}}}
`;
}

interface Seen {
  key: string;
  uid: string;
  resourceVersion: string;
}

async function snapshot(): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const namespace of ['default', DECOY_NS]) {
    const run = await ws.kubectl(['get', KINDS.join(','), '-n', namespace, '-l', 'purpose=k8s-tutor-safety-decoy', '-o', 'json']);
    if (run.exitCode !== 0) throw new Error(run.stderr);
    for (const item of (JSON.parse(run.stdout) as { items: { kind: string; metadata: { name: string; uid: string; resourceVersion: string } }[] }).items) {
      seen.push({ key: `${namespace}/${item.kind}/${item.metadata.name}`, uid: item.metadata.uid, resourceVersion: item.metadata.resourceVersion });
    }
  }
  return seen.sort((a, b) => a.key.localeCompare(b.key));
}

/** Snapshots until two in a row agree (pods settle, PVCs bind), so that later drift means someone changed them. */
async function settledSnapshot(): Promise<Seen[]> {
  let previous = await snapshot();
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 3_000));
    const next = await snapshot();
    if (JSON.stringify(next) === JSON.stringify(previous)) return next;
    previous = next;
  }
  throw new Error('the decoys did not settle in 90 s');
}

beforeAll(async () => {
  await ws.kubectl(['create', 'namespace', DECOY_NS]);
  const applied = await ws.kubectl(['apply', '-f', '-'], { input: `${decoys(DECOY_NS, 'fastapi-k8s')}---\n${decoys('default', 'k8s-tutor-decoy')}` });
  if (applied.exitCode !== 0) throw new Error(applied.stderr);
  for (const namespace of ['default', DECOY_NS]) {
    await ws.kubectl(['rollout', 'status', 'deployment', '-l', 'purpose=k8s-tutor-safety-decoy', '-n', namespace, '--timeout=120s']);
  }
});

afterAll(async () => {
  await cleanup(ws);
  await ws.kubectl(['delete', 'namespace', DECOY_NS, '--wait=false']);
  await ws.kubectl(['delete', KINDS.filter((k) => k !== 'replicasets.apps' && k !== 'pods').join(','), '-n', 'default', '-l', 'purpose=k8s-tutor-safety-decoy', '--wait=false']);
});

describe('isolation audit', () => {
  it('every written lesson and a reset leave the decoys alone, and leave nothing labelled behind', async () => {
    const before = await settledSnapshot();
    // Deployment, ReplicaSet, Pod, Service, ConfigMap, Secret and PVC in each of the two namespaces.
    expect(before.length).toBeGreaterThanOrEqual(14);

    const lessons = await allLessons(ws);
    const numbers = lessons.map((l) => l.number);
    expect(numbers).toEqual(catalog.map((l) => l.number));
    const runs = await runLessons(ws, lessons);
    // Lessons 1-4 must pass. A later lesson may stop on something outside this test (another
    // engineer's Service holding a cluster-wide node port, say); it must still end cleanly, and it
    // is reported. Isolation is what this test is about.
    const failed = [...runs].filter(([, r]) => r.exitCode !== 0).map(([id, r]) => `${id}: exit ${r.exitCode}: ${(r.stderr || r.stdout.slice(-300)).trim()}`);
    for (const [id, r] of runs) {
      expect([0, 1, 2], `${id}\n${r.stderr}`).toContain(r.exitCode);
      expect(r.stderr, id).not.toMatch(/^\s+at \S/m);
    }
    for (const id of lessons.filter((l) => l.number <= 4).map((l) => l.id)) expect(runs.get(id)?.exitCode, failed.join('\n')).toBe(0);
    if (failed.length > 0) console.log(`isolation audit: lessons that did not pass:\n${failed.join('\n')}`);

    const texts: [where: string, text: string][] = [];
    for (const [id, run] of runs) texts.push([`lesson ${id} stdout`, run.stdout], [`lesson ${id} stderr`, run.stderr]);
    for (const lesson of lessons) {
      const check = await ws.tutor(['check', lesson.id, '--json']);
      const hint = await ws.tutor(['hint', lesson.id]);
      texts.push([`check ${lesson.id}`, check.stdout + check.stderr], [`hint ${lesson.id}`, hint.stdout + hint.stderr]);
    }
    texts.push(['progress.json', progressText(ws)]);
    const secrets = await secretValues(ws);
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const leaks = secretLeaks(secrets, texts);
    console.log(`secrets: ${secrets.length} values (and their base64) searched in ${texts.length} outputs of ${lessons.length} lessons; ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
    const reset = await ws.tutor(['reset', '--yes'], { timeoutMs: 300_000 });
    expect(reset.exitCode, reset.stderr).toBe(0);

    const after = await snapshot();
    const changed = before.filter((b) => !after.some((a) => a.key === b.key && a.uid === b.uid && a.resourceVersion === b.resourceVersion));
    expect(changed.map((c) => c.key)).toEqual([]);
    expect(after.map((a) => a.key)).toEqual(before.map((b) => b.key));

    // Nothing of the tutor's is left in its namespace (gone), in the decoy namespaces, or as a
    // cluster-scoped object that belongs to this run.
    const leftovers: string[] = [];
    const ns = await ws.kubectl(['get', 'namespace', ws.namespace, '-o', 'name']);
    if (ns.exitCode === 0) leftovers.push(`namespace ${ws.namespace} still exists`);
    for (const namespace of [ws.namespace, DECOY_NS, 'default']) {
      const run = await ws.kubectl(['get', `${KINDS.join(',')},horizontalpodautoscalers,ingresses,jobs,roles,rolebindings,serviceaccounts`, '-n', namespace, '-l', LABEL, '-o', 'name']);
      leftovers.push(...run.stdout.split('\n').filter(Boolean).map((n) => `${namespace}/${n}`));
    }
    const pvs = await ws.kubectl(['get', 'persistentvolumes', '-l', LABEL, '-o', 'json']);
    for (const pv of (JSON.parse(pvs.stdout) as { items: { metadata: { name: string }; spec: { claimRef?: { namespace?: string } } }[] }).items) {
      if (pv.spec.claimRef?.namespace === ws.namespace) leftovers.push(`persistentvolume/${pv.metadata.name}`);
    }
    expect(leftovers).toEqual([]);

    console.log(`isolation audit: ${lessons.length} lessons run (${numbers.join(', ')}), ${lessons.length - failed.length} passed; ${before.length} decoy objects audited, ${changed.length} changed; ${leftovers.length} labelled objects left`);
  }, 3_600_000);
});
