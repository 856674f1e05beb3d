import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

/** Real shapes: k3s writes /etc/rancher/k3s/k3s.yaml and microk8s `microk8s config`, both naming everything `default`. */
const K3S = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJkekNDQVIyZ0F3SUJBZ0lCQURBS0JnZ3Foa2pPUFFRREFqQWpNU0V3SHdZRFZRUUREQmhyTTNNdGMyVnkKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
    server: https://127.0.0.1:6443
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: default
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJrVENDQVRlZ0F3SUJBZ0lJCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
    client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUsKLS0tLS1FTkQgRUMgUFJJVkFURSBLRVktLS0tLQo=
`;
const MICROK8S = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUREekNDQWZlZ0F3SUJBZ0lVCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
    server: https://192.168.64.5:16443
  name: microk8s-cluster
contexts:
- context:
    cluster: microk8s-cluster
    user: admin
  name: microk8s
current-context: microk8s
kind: Config
preferences: {}
users:
- name: admin
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUN6RENDQWJTZ0F3SUJBZ0lVCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
    client-key-data: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVNDCi0tLS0tRU5EIFBSSVZBVEUgS0VZLS0tLS0K
`;
/** A second k3s-style file (another machine's k3s, or the same file copied), also all `default`. */
const K3S_OTHER = K3S.replace('https://127.0.0.1:6443', 'https://10.0.0.9:6443');

describe('several KUBECONFIG files that share names, merged as kubectl merges them', () => {
  it('two files both naming cluster, user and context `default`: no error, the first file\'s entries win', () => {
    const a = write('k3s.yaml', K3S);
    const b = write('k3s-other.yaml', K3S_OTHER);
    const { kc, info } = loadKubeconfig({ env: { KUBECONFIG: `${a}:${b}` } });
    expect(kc.getContexts().map((c) => c.name)).toEqual(['default']);
    expect(kc.getClusters().map((c) => c.name)).toEqual(['default']);
    expect(info).toMatchObject({ name: 'default', cluster: 'default', user: 'default', server: 'https://127.0.0.1:6443' });
    const reversed = loadKubeconfig({ env: { KUBECONFIG: `${b}:${a}` } });
    expect(reversed.info.server).toBe('https://10.0.0.9:6443');
  });

  it('k3s + microk8s: every distinct entry kept, the current-context of the first file that sets one', () => {
    const a = write('k3s-2.yaml', K3S);
    const b = write('microk8s.yaml', MICROK8S);
    const { kc, info } = loadKubeconfig({ env: { KUBECONFIG: `${b}:${a}` } });
    expect(kc.getContexts().map((c) => c.name).sort()).toEqual(['default', 'microk8s']);
    expect(kc.getUsers().map((u) => u.name).sort()).toEqual(['admin', 'default']);
    expect(info).toMatchObject({ name: 'microk8s', flavor: 'microk8s', server: 'https://192.168.64.5:16443' });
    expect(loadKubeconfig({ env: { KUBECONFIG: `${b}:${a}` }, context: 'default' }).info.server).toBe('https://127.0.0.1:6443');
  });

  it('a file without current-context leaves the choice to the next one; an empty file is an empty config', () => {
    const none = write('no-current.yaml', MICROK8S.replace('current-context: microk8s\n', ''));
    const empty = write('empty-file.yaml', '');
    const a = write('k3s-3.yaml', K3S);
    const { info } = loadKubeconfig({ env: { KUBECONFIG: [empty, none, a].join(':') } });
    expect(info.name).toBe('default');
  });

  it('relative certificate paths stay relative to the file that names them', () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    const withPaths = write('sub/paths.yaml', K3S.replace(/certificate-authority-data: .*/, 'certificate-authority: ca.crt').replace(/name: default/g, 'name: paths'));
    const a = write('k3s-4.yaml', K3S);
    const { kc } = loadKubeconfig({ env: { KUBECONFIG: `${a}:${withPaths}` } });
    expect(kc.getCluster('paths')?.caFile).toBe(join(sub, 'ca.crt'));
  });
});
