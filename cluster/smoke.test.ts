// Smoke test of the local test cluster (cluster/up.sh): the things every lesson relies on.
// Needs a running cluster: `npm run cluster:up` (as root). Uses its own namespace, removed afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';

const here = import.meta.dirname;
const repoRoot = resolve(here, '..');

/** The cluster's settings, read from config.sh so that there is one source of truth. */
interface ClusterConfig {
  clusterDir: string;
  bin: string;
  nodeIp: string;
  storageClass: string;
}

function clusterConfig(): ClusterConfig {
  const out = execFileSync('bash', ['-c', '. "$1/config.sh"; printf "%s\\n" "$K8S_TUTOR_CLUSTER_DIR" "$K8S_TUTOR_BIN" "$KT_NODE_IP" "$KT_STORAGE_CLASS"', 'sh', here], {
    encoding: 'utf8',
  }).split('\n');
  return { clusterDir: out[0]!, bin: out[1]!, nodeIp: out[2]!, storageClass: out[3]! };
}

const cfg = clusterConfig();
const kubeconfig = process.env.K8S_TUTOR_E2E_KUBECONFIG ?? join(cfg.clusterDir, 'kubeconfig');
// The cluster's own kubectl (v1.34); the machine may have an older one on PATH.
const kubectlBin = existsSync(join(cfg.bin, 'kubectl')) ? join(cfg.bin, 'kubectl') : 'kubectl';
const ns = 'k8s-tutor-smoke';
const image = 'fastapi-k8s:1.0.0';

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

async function kubectl(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<Run> {
  const r = await execa(kubectlBin, args, {
    env: { KUBECONFIG: kubeconfig },
    reject: false,
    timeout: opts.timeoutMs ?? 60_000,
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

async function kubectlOk(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await kubectl(args, opts);
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a value (not undefined) or the time runs out; bounded in time and count. */
async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>, everyMs = 1000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (let i = 0; Date.now() < end && i < 10_000; i++) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** GET over HTTP to a local address (cluster IP, node IP, loopback) only. */
async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const host = new URL(url).hostname;
  if (!/^(127\.|10\.32\.|10\.99\.|10\.200\.)/.test(host)) throw new Error(`refusing to send traffic to non-local ${host}`);
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

const podSecurity = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  fsGroup: 10001,
  seccompProfile: { type: 'RuntimeDefault' },
};
const containerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'smoke-app', labels: { app: 'smoke-app' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'smoke-app' } },
    template: {
      metadata: { labels: { app: 'smoke-app' } },
      spec: {
        terminationGracePeriodSeconds: 2,
        securityContext: podSecurity,
        containers: [
          {
            name: 'app',
            image,
            imagePullPolicy: 'Never',
            ports: [{ name: 'http', containerPort: 8000 }],
            readinessProbe: { httpGet: { path: '/ready', port: 8000 }, periodSeconds: 2, failureThreshold: 2 },
            livenessProbe: { httpGet: { path: '/health', port: 8000 }, periodSeconds: 10 },
            resources: { requests: { cpu: '20m', memory: '48Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            securityContext: containerSecurity,
            volumeMounts: [
              { name: 'tmp', mountPath: '/tmp' },
              { name: 'data', mountPath: '/app/data' },
            ],
          },
        ],
        volumes: [
          { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
          { name: 'data', emptyDir: { sizeLimit: '64Mi' } },
        ],
      },
    },
  },
};

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'smoke-app' },
  spec: { type: 'NodePort', selector: { app: 'smoke-app' }, ports: [{ name: 'http', port: 80, targetPort: 8000 }] },
};

async function apply(obj: object): Promise<void> {
  await kubectlOk(['apply', '-n', ns, '-f', '-'], { input: JSON.stringify(obj) });
}

async function appPods(): Promise<{ name: string; ready: boolean; deleting: boolean }[]> {
  const out = await kubectlOk(['get', 'pods', '-n', ns, '-l', 'app=smoke-app', '-o', 'json']);
  return JSON.parse(out).items.map((p: any) => ({
    name: p.metadata.name,
    ready: (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
    deleting: Boolean(p.metadata.deletionTimestamp),
  }));
}

describe('local test cluster', () => {
  beforeAll(async () => {
    if (!existsSync(kubeconfig)) {
      throw new Error(`no kubeconfig at ${kubeconfig}: run \`npm run cluster:up\` first (as root)`);
    }
    await kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--timeout=120s'], { timeoutMs: 150_000 });
    await kubectlOk(['create', 'namespace', ns]);
    // The pods below must pass the restricted Pod Security Standard, as the real manifests do.
    await kubectlOk(['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted']);
  });

  afterAll(async () => {
    await kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=120s'], { timeoutMs: 150_000 });
  });

  it('has a Ready node and the default ServiceAccount', async () => {
    const node = JSON.parse(await kubectlOk(['get', 'nodes', '-o', 'json'])).items[0];
    expect(node.status.conditions.find((c: any) => c.type === 'Ready')?.status).toBe('True');
    expect(node.status.nodeInfo.kubeletVersion).toMatch(/^v1\.34\./);
    await until('the default ServiceAccount', 30_000, async () =>
      (await kubectl(['get', 'serviceaccount', 'default', '-n', ns])).exitCode === 0 ? true : undefined,
    );
  });

  it('holds the sample image under both names, fastapi-k8s:1.0.0 (manifests) and fastapi-k8s:latest (the guide), on every node', async () => {
    for (const node of JSON.parse(await kubectlOk(['get', 'nodes', '-o', 'json'])).items) {
      const names: string[] = (node.status.images ?? []).flatMap((i: any) => i.names ?? []);
      expect(names, node.metadata.name).toContain('docker.io/library/fastapi-k8s:1.0.0');
      expect(names, node.metadata.name).toContain('docker.io/library/fastapi-k8s:latest');
    }
  });

  it('runs a Deployment of the sample app to 2/2 ready', async () => {
    await apply(deployment);
    await apply(service);
    const r = await kubectl(['rollout', 'status', 'deployment/smoke-app', '-n', ns, '--timeout=180s'], { timeoutMs: 200_000 });
    if (r.exitCode !== 0) {
      const describe = await kubectl(['describe', 'pods', '-n', ns]);
      throw new Error(`rollout did not finish:\n${r.stdout}\n${r.stderr}\n${describe.stdout}`);
    }
    const d = JSON.parse(await kubectlOk(['get', 'deployment', 'smoke-app', '-n', ns, '-o', 'json']));
    expect(d.status.readyReplicas).toBe(2);
  });

  it('answers through the Service ClusterIP from the host, the NodePort and the API server proxy', async () => {
    const svc = JSON.parse(await kubectlOk(['get', 'service', 'smoke-app', '-n', ns, '-o', 'json']));
    const clusterIp: string = svc.spec.clusterIP;
    const nodePort: number = svc.spec.ports[0].nodePort;
    const viaClusterIp = await until('the ClusterIP to answer', 60_000, async () => {
      const r = await httpGet(`http://${clusterIp}/`);
      return r.status === 200 ? r.body : undefined;
    });
    expect(JSON.parse(viaClusterIp).message).toBe('Hello from fastapi-k8s!');

    const viaNodePort = await until('the NodePort on the node IP to answer', 30_000, async () => {
      const r = await httpGet(`http://${cfg.nodeIp}:${nodePort}/`);
      return r.status === 200 ? r.body : undefined;
    });
    expect(JSON.parse(viaNodePort).message).toBe('Hello from fastapi-k8s!');

    const viaLoopback = await until('the NodePort on 127.0.0.1 to answer', 30_000, async () => {
      const r = await httpGet(`http://127.0.0.1:${nodePort}/`);
      return r.status === 200 ? r.body : undefined;
    });
    expect(JSON.parse(viaLoopback).message).toBe('Hello from fastapi-k8s!');

    const viaProxy = await until('the API server service proxy to answer', 30_000, async () => {
      const r = await kubectl(['get', '--raw', `/api/v1/namespaces/${ns}/services/smoke-app:http/proxy/`]);
      return r.exitCode === 0 ? r.stdout : undefined;
    });
    expect(JSON.parse(viaProxy).message).toBe('Hello from fastapi-k8s!');
  });

  it('resolves Service names through cluster DNS from a pod (when CoreDNS runs)', async () => {
    const dns = await kubectl(['get', 'service', 'kube-dns', '-n', 'kube-system']);
    if (dns.exitCode !== 0) {
      console.warn('cluster DNS is not configured (CoreDNS did not build): skipping the DNS check');
      return;
    }
    const pod = (await appPods()).find((p) => p.ready)!.name;
    const script = `fetch('http://smoke-app.${ns}.svc.cluster.local/', { signal: AbortSignal.timeout(5000) }).then(r => r.json()).then(j => console.log(j.message), e => { console.log('ERR', e.cause?.code ?? e.message); process.exit(1); })`;
    const r = await kubectl(['exec', '-n', ns, pod, '--', 'node', '-e', script]);
    expect(r.stdout.trim(), r.stderr).toBe('Hello from fastapi-k8s!');
  });

  it('shows container logs with kubectl logs', async () => {
    const pod = (await appPods())[0]!.name;
    const logs = await until('log lines', 30_000, async () => {
      const r = await kubectl(['logs', '-n', ns, pod]);
      return r.exitCode === 0 && r.stdout.trim() ? r.stdout : undefined;
    });
    expect(logs.length).toBeGreaterThan(0);
  });

  it('reports pod metrics with kubectl top pods within 90 s', async () => {
    const out = await until(
      'kubectl top pods',
      90_000,
      async () => {
        const r = await kubectl(['top', 'pods', '-n', ns, '-l', 'app=smoke-app', '--no-headers']);
        const lines = r.stdout.trim().split('\n').filter(Boolean);
        return r.exitCode === 0 && lines.length >= 2 ? r.stdout : undefined;
      },
      3000,
    );
    expect(out).toMatch(/smoke-app-\S+\s+\d+m\s+\d+Mi/);
  });

  it('binds a PVC of the default StorageClass, writable by uid 10001', async () => {
    const sc = JSON.parse(await kubectlOk(['get', 'storageclass', cfg.storageClass, '-o', 'json']));
    expect(sc.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
    await apply({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'smoke-data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '64Mi' } } },
    });
    await until('the PVC to bind', 60_000, async () => {
      const phase = await kubectlOk(['get', 'pvc', 'smoke-data', '-n', ns, '-o', 'jsonpath={.status.phase}']);
      return phase === 'Bound' ? true : undefined;
    });
    await apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'smoke-writer' },
      spec: {
        restartPolicy: 'Never',
        securityContext: podSecurity,
        containers: [
          {
            name: 'writer',
            image,
            imagePullPolicy: 'Never',
            command: ['node', '-e', "require('fs').writeFileSync('/app/data/hello.txt', 'hi'); console.log(require('fs').readFileSync('/app/data/hello.txt', 'utf8'))"],
            securityContext: containerSecurity,
            resources: { limits: { cpu: '200m', memory: '128Mi' } },
            volumeMounts: [{ name: 'data', mountPath: '/app/data' }],
          },
        ],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'smoke-data' } }],
      },
    });
    const phase = await until('the writer pod to finish', 90_000, async () => {
      const p = await kubectlOk(['get', 'pod', 'smoke-writer', '-n', ns, '-o', 'jsonpath={.status.phase}']);
      return p === 'Succeeded' || p === 'Failed' ? p : undefined;
    });
    const logs = await kubectl(['logs', '-n', ns, 'smoke-writer']);
    expect(phase, logs.stdout + logs.stderr).toBe('Succeeded');
    expect(logs.stdout.trim()).toBe('hi');
  });

  it('replaces a deleted pod', async () => {
    const before = (await appPods()).map((p) => p.name);
    expect(before).toHaveLength(2);
    await kubectlOk(['delete', 'pod', before[0]!, '-n', ns, '--wait=false']);
    const after = await until('a replacement pod to be ready', 120_000, async () => {
      const pods = (await appPods()).filter((p) => !p.deleting && p.ready);
      return pods.length === 2 && pods.some((p) => !before.includes(p.name)) ? pods : undefined;
    });
    expect(after.map((p) => p.name)).not.toContain(before[0]);
  });

  it('OOM-kills a container that goes over its memory limit', async () => {
    await apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'smoke-oom' },
      spec: {
        restartPolicy: 'Never',
        securityContext: podSecurity,
        containers: [
          {
            name: 'hog',
            image,
            imagePullPolicy: 'Never',
            // Touches 16 MiB more every 100 ms: far past the 64 MiB limit within a second or two.
            command: ['node', '-e', 'const a = []; setInterval(() => { a.push(Buffer.alloc(16 * 1024 * 1024, 1)); }, 100)'],
            securityContext: containerSecurity,
            resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '64Mi' } },
          },
        ],
      },
    });
    const reason = await until('the container to terminate', 90_000, async () => {
      const r = await kubectlOk(['get', 'pod', 'smoke-oom', '-n', ns, '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.reason}']);
      return r || undefined;
    });
    expect(reason).toBe('OOMKilled');
  });
});
