// Helpers for the local cluster's own tests (multinode.spec.ts, multinode-down.spec.ts).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

export const clusterHere = import.meta.dirname;

/** The cluster's settings, read from config.sh so that there is one source of truth. */
export interface ClusterConfig {
  clusterDir: string;
  runDir: string;
  bin: string;
  nodeName: string;
  nodeIp: string;
  nodeNet: string;
  nodeBridge: string;
  podBridge: string;
  podRange: string;
  serviceCidr: string;
  appImageTags: string[];
}

export function clusterConfig(): ClusterConfig {
  const vars = [
    'K8S_TUTOR_CLUSTER_DIR',
    'KT_RUN_DIR',
    'K8S_TUTOR_BIN',
    'KT_NODE_NAME',
    'KT_NODE_IP',
    'KT_NODE_NET',
    'KT_NODE_BRIDGE',
    'KT_POD_BRIDGE',
    'KT_POD_RANGE',
    'KT_SERVICE_CIDR',
    'KT_APP_IMAGE_TAGS',
  ];
  const out = execFileSync('bash', ['-c', `. "$1/config.sh"; printf "%s\\n" ${vars.map((v) => `"$${v}"`).join(' ')}`, 'sh', clusterHere], {
    encoding: 'utf8',
  }).split('\n');
  return {
    clusterDir: out[0]!,
    runDir: out[1]!,
    bin: out[2]!,
    nodeName: out[3]!,
    nodeIp: out[4]!,
    nodeNet: out[5]!,
    nodeBridge: out[6]!,
    podBridge: out[7]!,
    podRange: out[8]!,
    serviceCidr: out[9]!,
    appImageTags: out[10]!.split(' ').filter(Boolean),
  };
}

export const cfg = clusterConfig();
export const kubeconfig = process.env.K8S_TUTOR_E2E_KUBECONFIG ?? join(cfg.clusterDir, 'kubeconfig');
// The cluster's own kubectl (v1.34); the machine may have an older one on PATH.
export const kubectlBin = existsSync(join(cfg.bin, 'kubectl')) ? join(cfg.bin, 'kubectl') : 'kubectl';

/** Node K's name (1 is the host itself) and address, as lib.sh names them. */
export const nodeName = (k: number) => (k === 1 ? cfg.nodeName : `${cfg.nodeName}${k}`);
export const nodeIp = (k: number) => `${cfg.nodeIp.split('.').slice(0, 3).join('.')}.${k}`;

export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function run(file: string, args: string[], opts: { input?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<Run> {
  const r = await execa(file, args, {
    reject: false,
    timeout: opts.timeoutMs ?? 60_000,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export async function kubectl(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<Run> {
  return run(kubectlBin, args, { ...opts, env: { KUBECONFIG: kubeconfig } });
}

export async function kubectlOk(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await kubectl(args, opts);
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a value (not undefined) or the time runs out; bounded in time and count. */
export async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>, everyMs = 1000): Promise<T> {
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

/** True for the addresses the cluster's tests may send traffic to: loopback, node, pod and service ranges. */
export function isClusterLocal(host: string): boolean {
  return /^(127\.|10\.32\.|10\.99\.0\.|10\.200\.)/.test(host);
}

/** GET over HTTP to a local address (cluster IP, node IP, pod IP, loopback) only. */
export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const host = new URL(url).hostname;
  if (!isClusterLocal(host)) throw new Error(`refusing to send traffic to non-local ${host}`);
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

/** cluster/footprint.sh, split into its sections. */
export async function footprint(): Promise<Record<string, string[]>> {
  const r = await run('bash', [join(clusterHere, 'footprint.sh')], { timeoutMs: 60_000 });
  if (r.exitCode !== 0) throw new Error(`footprint.sh failed (${r.exitCode}): ${r.stderr}`);
  return parseFootprint(r.stdout);
}

export function parseFootprint(text: string): Record<string, string[]> {
  const sections: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const m = /^## (\S+)$/.exec(line);
    if (m) sections[m[1]!] = current = [];
    else if (line && current) current.push(line);
  }
  return sections;
}
