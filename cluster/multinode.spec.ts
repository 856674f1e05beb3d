// The local cluster with several nodes (cluster/up.sh --nodes N): every node Ready, and traffic between
// the nodes' pods, to a Service's ClusterIP and through cluster DNS from a pod on each node.
// Run by the multi-node pass of scripts/test-all.sh, against a cluster brought up with K8S_TUTOR_NODES=N:
//   K8S_TUTOR_NODES=3 npx vitest run --config cluster/vitest.multinode.config.ts cluster/multinode.spec.ts
// Uses its own namespace, removed afterwards. All traffic stays on this machine (pod, node and service
// addresses only).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfg, httpGet, kubeconfig, kubectl, kubectlBin, kubectlOk, nodeIp, nodeName, run, until } from './testlib.js';

const nodes = Number(process.env.K8S_TUTOR_NODES);
const ns = 'k8s-tutor-multinode';
const app = 'mn-app';
// The guide's name for the image: every node must hold it as :latest too, not only :1.0.0.
const image = 'fastapi-k8s:latest';
const ks = Array.from({ length: nodes }, (_, i) => i + 1);

const podSecurity = { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } };
const containerSecurity = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };

const manifests = [
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: app, labels: { app } },
    spec: {
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: {
          terminationGracePeriodSeconds: 1,
          securityContext: podSecurity,
          containers: [
            {
              name: 'app',
              image,
              imagePullPolicy: 'Never',
              ports: [{ name: 'http', containerPort: 8000 }],
              readinessProbe: { httpGet: { path: '/ready', port: 8000 }, periodSeconds: 2 },
              resources: { requests: { cpu: '10m', memory: '48Mi' }, limits: { cpu: '300m', memory: '192Mi' } },
              securityContext: containerSecurity,
              volumeMounts: [
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'data', mountPath: '/app/data' },
              ],
            },
          ],
          volumes: [
            { name: 'tmp', emptyDir: { sizeLimit: '32Mi' } },
            { name: 'data', emptyDir: { sizeLimit: '32Mi' } },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app },
    spec: { type: 'NodePort', selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 8000 }] },
  },
];

interface AppPod {
  name: string;
  node: string;
  ip: string;
  ready: boolean;
}

async function appPods(): Promise<AppPod[]> {
  const out = await kubectlOk(['get', 'pods', '-n', ns, '-l', `app=${app}`, '-o', 'json']);
  return JSON.parse(out)
    .items.filter((p: any) => !p.metadata.deletionTimestamp)
    .map((p: any) => ({
      name: p.metadata.name,
      node: p.spec.nodeName,
      ip: p.status?.podIP ?? '',
      ready: (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
    }));
}

/** Runs a script in a pod with the image's own Node (the image has no shell tools) and returns its JSON. */
async function inPod(pod: string, script: string): Promise<any> {
  const r = await kubectl(['exec', '-n', ns, pod, '--', 'node', '-e', script], { timeoutMs: 90_000 });
  if (r.exitCode !== 0) throw new Error(`exec in ${pod} failed (${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** A Node script that GETs each URL (5 s each, one try) and prints {url: status or error code}. Only cluster addresses. */
function fetchAll(urls: string[]): string {
  return `
const urls = ${JSON.stringify(urls)};
const out = {};
(async () => {
  for (const u of urls) {
    try { const r = await fetch(u, { signal: AbortSignal.timeout(5000) }); out[u] = r.status; await r.text(); }
    catch (e) { out[u] = 'ERR ' + (e.cause?.code ?? e.name ?? e.message); }
  }
  console.log(JSON.stringify(out));
})();`;
}

let pods: AppPod[] = [];

describe(`the local cluster with ${nodes} nodes`, () => {
  beforeAll(async () => {
    if (!Number.isInteger(nodes) || nodes < 2) {
      throw new Error('K8S_TUTOR_NODES must say how many nodes the cluster has (2 or more): bash cluster/up.sh --nodes 3, then K8S_TUTOR_NODES=3');
    }
    await kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--timeout=120s'], { timeoutMs: 150_000 });
    await kubectlOk(['create', 'namespace', ns]);
    await kubectlOk(['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted']);
    await until('the default ServiceAccount', 30_000, async () => ((await kubectl(['get', 'serviceaccount', 'default', '-n', ns])).exitCode === 0 ? true : undefined));
  });

  afterAll(async () => {
    await kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=120s'], { timeoutMs: 150_000 });
  });

  it(`has ${nodes} Ready nodes, each with its own address and pod CIDR`, async () => {
    const items = JSON.parse(await kubectlOk(['get', 'nodes', '-o', 'json'])).items;
    const byName = new Map<string, any>(items.map((n: any) => [n.metadata.name, n]));
    expect([...byName.keys()].sort()).toEqual(ks.map(nodeName).sort());
    const cidrs = new Set<string>();
    for (const k of ks) {
      const n = byName.get(nodeName(k));
      expect(n.status.conditions.find((c: any) => c.type === 'Ready')?.status, nodeName(k)).toBe('True');
      expect(n.status.nodeInfo.kubeletVersion).toMatch(/^v1\.34\./);
      expect(n.status.addresses.find((a: any) => a.type === 'InternalIP')?.address).toBe(nodeIp(k));
      expect(n.spec.podCIDR).toMatch(/^10\.200\.\d+\.0\/24$/);
      expect((n.spec.taints ?? []).map((t: any) => t.key)).toEqual([]);
      cidrs.add(n.spec.podCIDR);
    }
    expect(cidrs.size).toBe(nodes);
    const table = await kubectlOk(['get', 'nodes']);
    expect(table.split('\n').filter((l) => / Ready /.test(l))).toHaveLength(nodes);
  });

  it('holds the sample image as fastapi-k8s:1.0.0 and fastapi-k8s:latest on every node', async () => {
    const items = JSON.parse(await kubectlOk(['get', 'nodes', '-o', 'json'])).items;
    for (const n of items) {
      const names: string[] = (n.status.images ?? []).flatMap((i: any) => i.names ?? []);
      for (const tag of cfg.appImageTags) expect(names, n.metadata.name).toContain(tag);
    }
  });

  it('runs the sample app (image :latest) on every node, one pod each, all Ready', async () => {
    for (const m of manifests) await kubectlOk(['apply', '-n', ns, '-f', '-'], { input: JSON.stringify(m) });
    pods = await until(
      `${nodes} ready pods of the DaemonSet`,
      180_000,
      async () => {
        const p = await appPods();
        return p.length === nodes && p.every((x) => x.ready && x.ip) ? p : undefined;
      },
      2000,
    ).catch(async (err) => {
      const d = await kubectl(['describe', 'pods', '-n', ns]);
      throw new Error(`${String(err)}\n${d.stdout}`);
    });
    expect(pods.map((p) => p.node).sort()).toEqual(ks.map(nodeName).sort());
  });

  it('lets a pod on each node reach the pods on every other node, the ClusterIP and Service names (DNS)', async () => {
    const svc = JSON.parse(await kubectlOk(['get', 'service', app, '-n', ns, '-o', 'json']));
    const clusterIp: string = svc.spec.clusterIP;
    const byDns = [`http://${app}.${ns}.svc.cluster.local/`, `http://${app}/`];
    const failures: string[] = [];
    for (const from of pods) {
      const targets = [...pods.filter((p) => p !== from).map((p) => `http://${p.ip}:8000/`), `http://${clusterIp}/`, ...byDns];
      // Service traffic may take a moment to be programmed on a new node: retry a few times, bounded.
      const result = await until(
        `traffic from ${from.name} on ${from.node}`,
        60_000,
        async () => {
          const r = await inPod(from.name, fetchAll(targets));
          return Object.values(r).every((v) => v === 200) ? r : undefined;
        },
        3000,
      ).catch(async () => inPod(from.name, fetchAll(targets)));
      for (const [url, status] of Object.entries(result)) if (status !== 200) failures.push(`${from.node} (${from.ip}) → ${url}: ${String(status)}`);
    }
    expect(failures).toEqual([]);
  });

  it('resolves names through cluster DNS from every node, and nothing outside cluster.local', async () => {
    const script = `
const dns = require('node:dns').promises;
const out = {};
(async () => {
  for (const n of ['kubernetes.default.svc.cluster.local', '${app}.${ns}.svc.cluster.local', 'kube-dns.kube-system', 'example.com']) {
    try { out[n] = (await dns.lookup(n)).address; } catch (e) { out[n] = 'ERR'; }
  }
  console.log(JSON.stringify(out));
})();`;
    const svcIp = (await kubectlOk(['get', 'service', app, '-n', ns, '-o', 'jsonpath={.spec.clusterIP}'])).trim();
    for (const p of pods) {
      const r = await inPod(p.name, script);
      // CoreDNS (on the first node, 10.99.0.1) has no upstream: a name outside the cluster does not resolve.
      expect(r, p.node).toEqual({
        'kubernetes.default.svc.cluster.local': '10.32.0.1',
        [`${app}.${ns}.svc.cluster.local`]: svcIp,
        'kube-dns.kube-system': '10.32.0.10',
        'example.com': 'ERR',
      });
    }
  });

  it('answers from the host: every pod IP, and the NodePort on every node address', async () => {
    const nodePort: number = JSON.parse(await kubectlOk(['get', 'service', app, '-n', ns, '-o', 'json'])).spec.ports[0].nodePort;
    for (const p of pods) {
      const r = await until(`pod ${p.ip} on ${p.node} from the host`, 30_000, async () => ((await httpGet(`http://${p.ip}:8000/`)).status === 200 ? true : undefined));
      expect(r).toBe(true);
    }
    for (const k of ks) {
      const body = await until(`NodePort ${nodePort} on ${nodeIp(k)}`, 60_000, async () => {
        const r = await httpGet(`http://${nodeIp(k)}:${nodePort}/`);
        return r.status === 200 ? r.body : undefined;
      });
      expect(JSON.parse(body).message).toBe('Hello from fastapi-k8s!');
    }
  });

  it('serves logs and exec from every node (the API server reaches each kubelet)', async () => {
    for (const p of pods) {
      const logs = await until(`logs of ${p.name}`, 30_000, async () => {
        const r = await kubectl(['logs', '-n', ns, p.name]);
        return r.exitCode === 0 && r.stdout.trim() ? r.stdout : undefined;
      });
      expect(logs.length, p.node).toBeGreaterThan(0);
      const host = await kubectlOk(['exec', '-n', ns, p.name, '--', 'node', '-p', 'require("os").hostname()']);
      expect(host.trim()).toBe(p.name);
    }
  });

  it('port-forwards to a pod on every node (the API server streams through each kubelet)', async () => {
    for (const p of pods) {
      const child = spawn(kubectlBin, ['port-forward', '-n', ns, `pod/${p.name}`, '--address', '127.0.0.1', '0:8000'], {
        env: { ...process.env, KUBECONFIG: kubeconfig },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let out = '';
        child.stdout.on('data', (d) => (out += String(d)));
        const port = await until(`port-forward to ${p.name} on ${p.node}`, 30_000, async () => /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out)?.[1], 250);
        const r = await httpGet(`http://127.0.0.1:${port}/`);
        expect(r.status, p.node).toBe(200);
        expect(JSON.parse(r.body).server).toBe(p.name);
      } finally {
        child.kill('SIGTERM');
      }
    }
  });

  it('reports metrics for every node (metrics-server scrapes each kubelet)', async () => {
    const out = await until(
      `kubectl top nodes to list ${nodes} nodes`,
      150_000,
      async () => {
        const r = await kubectl(['top', 'nodes', '--no-headers']);
        const lines = r.stdout.trim().split('\n').filter(Boolean);
        return r.exitCode === 0 && lines.length === nodes ? r.stdout : undefined;
      },
      5000,
    );
    for (const k of ks) expect(out).toContain(nodeName(k));
  });

  it('keeps every node namespace sealed: no default route, the forward guard first, no masquerade to an uplink, ipMasq off', async () => {
    for (const k of ks.filter((k) => k > 1)) {
      const name = nodeName(k);
      const inNs = (args: string[]) => run('nsenter', [`--net=/run/netns/${name}`, '--', ...args]);
      expect((await inNs(['ip', '-4', 'route', 'show', 'default'])).stdout.trim(), name).toBe('');
      expect((await inNs(['ip', '-6', 'route', 'show', 'default'])).stdout.trim(), name).toBe('');
      expect((await inNs(['ip', '-o', 'link', 'show'])).stdout).not.toMatch(new RegExp(`: ${cfg.nodeBridge}[:@]`));
      for (const t of ['mangle', 'filter']) {
        const fwd = (await inNs(['iptables', '-t', t, '-S', 'FORWARD'])).stdout.split('\n');
        expect(fwd[1], `${name} ${t}`).toBe('-A FORWARD -j K8S-TUTOR-FWD');
        const guard = (await inNs(['iptables', '-t', t, '-S', 'K8S-TUTOR-FWD'])).stdout;
        expect(guard).toContain(`-i ${cfg.podBridge} -m comment --comment "k8s-tutor: pods stay on this machine" -j DROP`);
        expect(guard).toContain(`-s ${cfg.podRange} -m comment --comment "k8s-tutor: pods stay on this machine" -j DROP`);
      }
      const nat = (await inNs(['iptables', '-t', 'nat', '-S'])).stdout;
      // kube-proxy's only MASQUERADE is for marked service traffic, in its own chain; CNI adds none (ipMasq false).
      for (const line of nat.split('\n').filter((l) => l.includes('MASQUERADE'))) expect(line, name).toMatch(/^-A KUBE-POSTROUTING /);
      const conf = JSON.parse(readFileSync(join(cfg.clusterDir, 'nodes', name, 'cni', 'net.d', '10-k8s-tutor.conflist'), 'utf8'));
      expect(conf.plugins[0].ipMasq).toBe(false);
    }
    // The host: the guard first in FORWARD, and each further node's pods routed via that node only.
    const host = await run('iptables', ['-t', 'filter', '-S', 'FORWARD']);
    expect(host.stdout.split('\n')[1]).toBe('-A FORWARD -j K8S-TUTOR-FWD');
    const routes = (await run('ip', ['-4', 'route', 'show'])).stdout;
    expect(routes).toMatch(new RegExp(`^blackhole ${cfg.podRange.replace(/\./g, '\\.')}`, 'm'));
    for (const k of ks.filter((k) => k > 1)) expect(routes).toMatch(new RegExp(`^10\\.200\\.\\d+\\.0/24 via ${nodeIp(k).replace(/\./g, '\\.')} dev ${cfg.nodeBridge}`, 'm'));
  });
});
