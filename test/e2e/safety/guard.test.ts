import { catalog } from '../../../lessons/catalog.js';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, kubeconfig, workspace } from '../support/harness.js';
import { errorLines, localCa, tokenKubeconfig } from '../support/safety.js';

/**
 * Issue 7 item 2, with real processes. The unrecognised cluster sits in TEST-NET-1 (192.0.2.0/24),
 * which is never routed; the guard must refuse from the kubeconfig alone, so no request is made:
 * the refusal comes in well under a second and is the guard's sentence, never a network error.
 * To show that --allow-context lets a refused context through without leaving this machine, a
 * second kubeconfig reaches the local API server at the IPv4-mapped address [::ffff:127.0.0.1],
 * which the guard does not count as local.
 */

const ws = workspace('safety-guard');
const EKS = 'arn:aws:eks:eu-west-1:123456789012:cluster/production';
const foreign = tokenKubeconfig({ context: EKS, server: 'https://192.0.2.10:443', token: 'never-sent', caData: localCa() });

/**
 * A context the guard must refuse although its cluster is this machine's: 0.0.0.0 reaches the host's own
 * listeners (the apiserver binds 0.0.0.0:6443) yet is not a loopback address, and the name is no local flavor's.
 */
function unrecognisedLocalKubeconfig(): string {
  const admin = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[] };
  const file = join(mkdtempSync(join(tmpdir(), 'k8s-tutor-guard-')), 'kubeconfig');
  writeFileSync(file, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'team-staging',
    clusters: [{ name: 'staging', cluster: { server: 'https://0.0.0.0:6443', 'certificate-authority-data': admin.clusters[0]!.cluster['certificate-authority-data'], 'tls-server-name': 'localhost' } }],
    users: [{ name: 'admin', user: admin.users[0]!.user }],
    contexts: [{ name: 'team-staging', context: { cluster: 'staging', user: 'admin' } }],
  }), { mode: 0o600 });
  return file;
}

/**
 * A preload that records every outgoing socket the CLI opens (undici dials through
 * net.Socket#connect), so that "no request was made" is observed, not inferred from timing; and
 * that refuses any address off this machine (192.0.2.0/24 is this VM's own link here).
 */
const hookDir = mkdtempSync(join(tmpdir(), 'k8s-tutor-guard-hook-'));
const hook = join(hookDir, 'record-connect.mjs');
writeFileSync(hook, `import net from 'node:net';
import { appendFileSync } from 'node:fs';
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = args[0] && typeof args[0] === 'object' ? args[0] : { port: args[0], host: args[1] };
  appendFileSync(process.env.CONNECT_LOG, \`\${o.host ?? o.path}:\${o.port ?? ''}\\n\`);
  // Belt and braces: even a broken guard never sends a packet off this machine from this test.
  if (!/^(127\\.|::1$|::ffff:7f00:1$|::ffff:127\\.|localhost$|0\\.0\\.0\\.0$)/.test(String(o.host))) {
    process.nextTick(() => this.destroy(Object.assign(new Error('connection blocked by the guard test'), { code: 'EBLOCKED' })));
    return this;
  }
  return connect.apply(this, args);
};
`);
let logCount = 0;
function recorded(): { env: Record<string, string>; connections: () => string[] } {
  const log = join(hookDir, `connect-${logCount++}.log`);
  return {
    env: { NODE_OPTIONS: `--import=${hook}`, CONNECT_LOG: log },
    connections: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
  };
}

afterAll(() => cleanup(ws));

describe('the wrong-cluster guard', () => {
  it.each([
    [['lesson', '1', '--yes']],
    [['lesson', 'first-deployment', '--yes']],
    [['reset', '--yes']],
    [['reset', '--yes', '--progress']],
  ])('refuses %j on an unrecognised server, before any request, and says how to allow it', async (args) => {
    const sockets = recorded();
    const started = Date.now();
    const run = await ws.tutor([...args, '--kubeconfig', foreign], { env: sockets.env });
    const ms = Date.now() - started;
    expect(sockets.connections()).toEqual([]);
    const e = errorLines(run);
    expect(run.exitCode).toBe(2);
    expect(e.message).toBe(`refusing to change context "${EKS}" (server https://192.0.2.10:443) does not look like a local cluster`);
    expect(e.hint).toContain(`--allow-context ${EKS}`);
    expect(e.hasStack).toBe(false);
    expect(run.stderr).not.toMatch(/EHOSTUNREACH|ETIMEDOUT|ECONNREFUSED|did not answer|cannot reach/);
    expect(run.stdout).toBe('');
    // A connection attempt to TEST-NET would hang for seconds; node startup alone is ~0.3 s (more on a busy machine).
    expect(ms).toBeLessThan(3_000);
  });

  it('an --allow-context for another name does not help', async () => {
    const run = await ws.tutor(['lesson', '1', '--yes', '--kubeconfig', foreign, '--allow-context', 'kind-dev']);
    expect(run.exitCode).toBe(2);
    expect(errorLines(run).message).toMatch(/^refusing to change context/);
  });

  it('list stays allowed and never contacts the cluster', async () => {
    const sockets = recorded();
    const run = await ws.tutor(['list', '--json', '--kubeconfig', foreign], { env: sockets.env });
    expect(run.exitCode).toBe(0);
    expect(sockets.connections()).toEqual([]);
    expect(JSON.parse(run.stdout)).toHaveLength(catalog.length);
  });

  it('a refused context runs with --allow-context NAME; reads (doctor, check) need no permission', async () => {
    const unrecognised = unrecognisedLocalKubeconfig();
    const refused = await ws.tutor(['lesson', '1', '--yes', '--kubeconfig', unrecognised]);
    expect(refused.exitCode).toBe(2);
    expect(errorLines(refused).message).toBe('refusing to change context "team-staging" (server https://0.0.0.0:6443) does not look like a local cluster');

    const doctor = await ws.tutor(['doctor', '--kubeconfig', unrecognised]);
    // The preflight shows the guard's verdict as a failed item with its fix: no lesson runs here as things are (exit 2).
    expect(doctor.exitCode).toBe(2);
    expect(doctor.stdout).toMatch(/✘ context +generic: context "team-staging" \(server https:\/\/0\.0\.0\.0:6443\) does not look like a local cluster/);
    expect(doctor.stdout).toContain('add --allow-context team-staging if you really mean it.');
    expect(doctor.stdout).toMatch(/server +https:\/\/0\.0\.0\.0:6443 answers/);

    const sockets = recorded();
    const allowed = await ws.tutor(['lesson', '1', '--yes', '--kubeconfig', unrecognised, '--allow-context', 'team-staging'], { env: sockets.env });
    expect(allowed.exitCode, allowed.stderr).toBe(0);
    // The recorder does see the connections when there are some.
    expect(sockets.connections()).toContain('0.0.0.0:6443');
    expect(allowed.stdout).toContain('context team-staging');

    const check = await ws.tutor(['check', '1', '--json', '--kubeconfig', unrecognised]);
    expect(check.exitCode).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ lesson: 'what-is-kubernetes', passed: true });

    const reset = await ws.tutor(['reset', '--yes', '--kubeconfig', unrecognised, '--allow-context', 'team-staging']);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(`namespace/${ws.namespace}`);
  });
});
