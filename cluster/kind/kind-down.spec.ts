// `cluster:down -- --flavor kind` leaves nothing of the kind flavor behind: no network namespace, link,
// address, route, iptables rule, mount, cgroup, path or process, each compared with a footprint taken before
// `cluster:up -- --flavor kind` (cluster/kind/footprint.sh: cluster/footprint.sh's sections plus the engine's
// processes and paths). The test brings the kind cluster up itself (a cached node image makes that about a
// minute or two), checks it is there, then takes it down. Run as root, with the kind flavor down:
//   npx vitest run --config cluster/kind/vitest.kind.config.ts
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFootprint } from '../testlib.js';

const exec = promisify(execFile);
const here = import.meta.dirname;
const repo = join(here, '..', '..');
const NETNS = 'k8s-tutor-kind';

async function footprint(): Promise<Record<string, string[]>> {
  const { stdout } = await exec('bash', [join(here, 'footprint.sh')], { maxBuffer: 64 * 1024 * 1024 });
  return parseFootprint(stdout);
}
async function sh(args: string[], timeoutMs: number): Promise<string> {
  const { stdout } = await exec('bash', args, { cwd: repo, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

let before: Record<string, string[]> = {};
let during: Record<string, string[]> = {};
let after: Record<string, string[]> = {};
let clusters = '';

// The machine is shared: the local test cluster (cluster/up.sh) may start pods meanwhile. Its own lines
// (its nodes, bridges, veths, pod and service ranges, KUBE-/CNI- chains, kubepods, its run and cluster dirs)
// are left out of the comparison; the kind flavor never makes any of them on the host.
const localCluster =
  /k8s-tutor-node|k8s-tutor0|k8s-tutor-cni0|kt-node\d|\bveth|10\.99\.0\.|10\.200\.|10\.32\.0\.|KUBE-|CNI-|K8S-TUTOR|kubepods|\/run\/k8s-tutor\/|k8s-tutor-cluster|\/var\/lib\/kubelet|\/run\/containerd/;

/** Lines added and removed in a section between before and after (the local test cluster's left out). */
function changes(section: string): { added: string[]; removed: string[] } {
  const count = (xs: string[]) =>
    xs.filter((x) => !localCluster.test(x)).reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const a = count(before[section] ?? []);
  const b = count(after[section] ?? []);
  const added = [...b].flatMap(([x, n]) => Array(Math.max(0, n - (a.get(x) ?? 0))).fill(x));
  const removed = [...a].flatMap(([x, n]) => Array(Math.max(0, n - (b.get(x) ?? 0))).fill(x));
  return { added, removed };
}

describe('the kind flavor, up then down', () => {
  beforeAll(async () => {
    before = await footprint();
    expect(before.netns ?? [], 'the kind flavor must be down before this test').not.toContain(NETNS);
    await sh(['cluster/up.sh', '--flavor', 'kind'], 1_500_000);
    clusters = await sh(['-c', '. cluster/kind/env.sh && kind get clusters'], 60_000);
    during = await footprint();
    await sh(['cluster/down.sh', '--flavor', 'kind'], 300_000);
    after = await footprint();
  });

  it('was up: kind listed the cluster, and the footprint saw its namespace and processes', () => {
    expect(clusters.split('\n')).toContain('k8s-tutor-kind');
    expect(during.netns).toContain(NETNS);
    expect((during['kind-processes'] ?? []).some((l) => / dockerd /.test(` ${l} `) || l.includes('/dockerd '))).toBe(true);
  });

  it('leaves no network namespace', () => {
    expect(after.netns).not.toContain(NETNS);
    expect(changes('netns')).toEqual({ added: [], removed: [] });
  });

  it('leaves no link, address or route', () => {
    expect(changes('links')).toEqual({ added: [], removed: [] });
    expect(changes('addresses')).toEqual({ added: [], removed: [] });
    expect(changes('routes')).toEqual({ added: [], removed: [] });
  });

  it("leaves the host's iptables as they were (the engine's rules live in its namespace)", () => {
    expect(changes('iptables')).toEqual({ added: [], removed: [] });
  });

  it('leaves no mount and no cgroup', () => {
    expect((after.mounts ?? []).filter((l) => l.includes('k8s-tutor-kind') || l.startsWith('/run/netns'))).toEqual(
      (before.mounts ?? []).filter((l) => l.includes('k8s-tutor-kind') || l.startsWith('/run/netns')),
    );
    expect(changes('mounts')).toEqual({ added: [], removed: [] });
    expect((after.cgroups ?? []).filter((l) => l.endsWith('/docker'))).toEqual([]);
    expect(changes('cgroups')).toEqual({ added: [], removed: [] });
  });

  it('leaves no path (its run dir, its namespace file, the kubeconfig)', () => {
    expect(after['kind-paths']).toEqual([]);
    expect(changes('paths')).toEqual({ added: [], removed: [] });
  });

  it('leaves no process (containerd, dockerd, shims, node containers, the API forwarder)', () => {
    expect(after['kind-processes']).toEqual([]);
    // cluster/footprint.sh's own `processes` section is the local test cluster's (its binaries, its containerd,
    // anything in kubepods), which may come and go meanwhile on a shared machine: not compared here.
  });

  it('puts the sysctls back (the engine sets its own in its namespace only)', () => {
    expect(changes('sysctls')).toEqual({ added: [], removed: [] });
  });
});
