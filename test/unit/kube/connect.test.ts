import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClusterError, GuardError } from '../../../src/errors.js';
import { schedulablePatch } from '../../../src/kube/nodes.js';
import { connect } from '../../../src/kube/connect.js';
import type { ContextInfo } from '../../../src/kube/guard.js';

/** 192.0.2.0/24 is TEST-NET-1: never routed. Nothing here sends a request; the guard decides from the file. */
function foreignKubeconfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'k8s-tutor-connect-')), 'config');
  writeFileSync(file, `apiVersion: v1
kind: Config
clusters: [{name: prod, cluster: {server: 'https://192.0.2.10:6443'}}]
users: [{name: admin, user: {token: t}}]
contexts: [{name: prod-eks, context: {cluster: prod, user: admin}}]
current-context: prod-eks
`);
  return file;
}

/** Loopback port 1: nothing listens, and every case below is refused before a request anyway. */
function localKubeconfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'k8s-tutor-connect-')), 'config');
  writeFileSync(file, `apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: 'https://127.0.0.1:1'}}]
users: [{name: me, user: {token: t}}]
contexts: [{name: local, context: {cluster: local, user: me}}]
current-context: local
`);
  return file;
}

const base = { namespace: 'k8s-tutor', env: {} };

describe('connect and the guard', () => {
  it('refuses a writing command on a foreign context before any request, saying how to allow it', async () => {
    const started = Date.now();
    const error = await connect({ ...base, kubeconfig: foreignKubeconfig(), writes: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuardError);
    expect((error as GuardError).message).toBe('refusing to change context "prod-eks" (server https://192.0.2.10:6443) does not look like a local cluster');
    expect((error as GuardError).hint).toContain('--allow-context prod-eks');
    expect((error as GuardError).exitCode).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('lets it through with --allow-context NAME', async () => {
    const session = await connect({ ...base, kubeconfig: foreignKubeconfig(), writes: true, allowContext: 'prod-eks' });
    expect(session.cluster).toMatchObject({ name: 'prod-eks', server: 'https://192.0.2.10:6443', flavor: 'generic' });
  });

  it('asks a person, showing the server, and obeys the answer', async () => {
    const asked: ContextInfo[] = [];
    const no = connect({ ...base, kubeconfig: foreignKubeconfig(), writes: true, confirmForeign: async (info) => (asked.push(info), false) });
    await expect(no).rejects.toBeInstanceOf(GuardError);
    const yes = await connect({ ...base, kubeconfig: foreignKubeconfig(), writes: true, confirmForeign: async () => true });
    expect(asked[0]?.server).toBe('https://192.0.2.10:6443');
    expect(yes.cluster.name).toBe('prod-eks');
  });

  it('a context allowed only by --allow-context may not cordon a node; a local one may, with the one patch and nothing else', async () => {
    const node = { apiVersion: 'v1', kind: 'Node', name: 'worker-1' };
    const foreign = await connect({ ...base, kubeconfig: foreignKubeconfig(), writes: true, allowContext: 'prod-eks' });
    const refused = await foreign.kube.patch(node, schedulablePatch(false), 'merge').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ClusterError);
    expect((refused as ClusterError).message).toBe('refusing to change Node worker-1');
    expect((refused as ClusterError).hint).toContain('--allow-context');

    const local = await connect({ ...base, kubeconfig: localKubeconfig(), writes: true });
    for (const [patch, type] of [[{ spec: { unschedulable: true } }, 'merge'], [{ ...schedulablePatch(false), metadata: { labels: { x: 'y' } } }, 'merge'], [schedulablePatch(false), 'strategic']] as const) {
      const wrong = await local.kube.patch(node, patch, type).catch((e: unknown) => e);
      expect((wrong as ClusterError).hint).toContain('only sets or clears spec.unschedulable');
    }
    const reader = await connect({ ...base, kubeconfig: localKubeconfig(), writes: false });
    expect(((await reader.kube.patch(node, schedulablePatch(true), 'merge').catch((e: unknown) => e)) as ClusterError).message).toBe('refusing to change Node worker-1');
  });

  it('does not guard reads', async () => {
    const session = await connect({ ...base, kubeconfig: foreignKubeconfig(), writes: false });
    expect(session.kube.namespace).toBe('k8s-tutor');
  });
});
