import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubeconfigError } from '../../../src/errors.js';
import { loadKubeconfig } from '../../../src/kube/kubeconfig.js';

function kubeconfig(current: string, contexts: [name: string, server: string][]): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${current}`,
    'clusters:',
    ...contexts.map(([name, server]) => `- name: ${name}\n  cluster:\n    server: ${server}`),
    'users:',
    ...contexts.map(([name]) => `- name: ${name}\n  user:\n    token: t-${name}`),
    'contexts:',
    ...contexts.map(([name]) => `- name: ${name}\n  context:\n    cluster: ${name}\n    user: ${name}`),
    '',
  ].join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('loadKubeconfig', () => {
  it('merges KUBECONFIG files like kubectl: the first file\'s current-context wins, later files add contexts', () => {
    const a = write('a.yaml', kubeconfig('kind-dev', [['kind-dev', 'https://127.0.0.1:41000']]));
    const b = write('b.yaml', kubeconfig('prod', [['prod', 'https://10.1.2.3:6443']]));
    const { kc, info } = loadKubeconfig({ env: { KUBECONFIG: `${a}:${b}` } });
    expect(info).toMatchObject({ name: 'kind-dev', flavor: 'kind', server: 'https://127.0.0.1:41000' });
    expect(kc.getContexts().map((c) => c.name).sort()).toEqual(['kind-dev', 'prod']);
  });

  it('--context picks another context, and an unknown one lists the real ones', () => {
    const a = write('c.yaml', kubeconfig('kind-dev', [['kind-dev', 'https://127.0.0.1:1'], ['minikube', 'https://192.168.49.2:8443']]));
    expect(loadKubeconfig({ kubeconfig: a, context: 'minikube' }).info.flavor).toBe('minikube');
    expect(() => loadKubeconfig({ kubeconfig: a, context: 'nope' })).toThrow('context "nope" is not in your kubeconfig');
  });

  it('a missing file, an unparsable file and an empty config each get their own message', () => {
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'missing.yaml') })).toThrow(KubeconfigError);
    expect(() => loadKubeconfig({ env: { KUBECONFIG: join(dir, 'missing.yaml') } })).toThrow(/KUBECONFIG points at .*missing.yaml, which does not exist/);
    const bad = write('bad.yaml', 'apiVersion: v1\nclusters: [\n  - : :\n');
    expect(() => loadKubeconfig({ kubeconfig: bad })).toThrow(/cannot be read/);
    const empty = write('empty.yaml', 'apiVersion: v1\nkind: Config\n');
    expect(() => loadKubeconfig({ kubeconfig: empty })).toThrow(/no contexts/);
    expect(() => loadKubeconfig({ env: { HOME: dir } })).toThrow(/no kubeconfig found/);
  });
});
