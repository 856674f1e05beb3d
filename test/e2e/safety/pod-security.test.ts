import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, workspace } from '../support/harness.js';

/**
 * Issue 7 item 7: every manifest is admitted by a server-side dry-run in a namespace that enforces
 * the "restricted" Pod Security standard. Enforcement only judges Pods, so each workload's pod
 * template is also dry-run as a Pod of its own, and the namespace warns too: a Deployment whose
 * pods would be refused comes back with "would violate PodSecurity".
 */

const ws = workspace('safety-psa');
const dir = join(repoRoot, 'manifests');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

interface Doc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: { template?: { metadata?: Record<string, unknown>; spec?: Record<string, unknown> }; jobTemplate?: { spec?: { template?: { spec?: Record<string, unknown> } } } };
}

function podsOf(doc: Doc): Doc[] {
  const spec = doc.spec?.template?.spec ?? doc.spec?.jobTemplate?.spec?.template?.spec;
  return spec ? [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: `psa-${doc.metadata.name}`.slice(0, 63) }, spec: spec as Doc['spec'] }] : [];
}

beforeAll(async () => {
  await ws.kubectl(['create', 'namespace', ws.namespace]);
  for (const mode of ['enforce', 'warn']) {
    await ws.kubectl(['label', 'namespace', ws.namespace, `pod-security.kubernetes.io/${mode}=restricted`, `pod-security.kubernetes.io/${mode}-version=latest`]);
  }
});

afterAll(async () => {
  await ws.kubectl(['delete', 'namespace', ws.namespace, '--wait=false']);
});

describe('Pod Security "restricted"', () => {
  it('the namespace really enforces it (a root pod is refused)', async () => {
    const pod = stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'root' }, spec: { containers: [{ name: 'c', image: 'fastapi-k8s:1.0.0' }] } });
    const run = await ws.kubectl(['apply', '--dry-run=server', '-n', ws.namespace, '-f', '-'], { input: pod });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toMatch(/violates PodSecurity "restricted:latest"/);
  });

  it.each(files)('manifests/%s is admitted, and so are its pods', async (file) => {
    // A fixed nodePort is cluster-wide: another namespace's Service may hold it right now. That is
    // no Pod Security matter, so the dry-run lets the server pick one.
    const text = readFileSync(join(dir, file), 'utf8')
      .replaceAll(/namespace: k8s-tutor\b/g, `namespace: ${ws.namespace}`)
      .replaceAll(/^(\s*)nodePort: \d+.*$/gm, '$1# nodePort chosen by the server');
    const applied = await ws.kubectl(['apply', '--dry-run=server', '-n', ws.namespace, '-f', '-'], { input: text });
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(applied.stderr).not.toMatch(/would violate PodSecurity/);
    const docs = parseAllDocuments(text).map((d) => d.toJS() as Doc | null).filter((d): d is Doc => d !== null);
    for (const pod of docs.flatMap(podsOf)) {
      const run = await ws.kubectl(['apply', '--dry-run=server', '-n', ws.namespace, '-f', '-'], { input: stringify(pod) });
      expect(run.exitCode, `${file} ${pod.metadata.name}: ${run.stderr}`).toBe(0);
    }
  });
});
