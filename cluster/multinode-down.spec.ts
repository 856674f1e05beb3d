// After `cluster:down` of a cluster with several nodes: nothing of it is left on this machine. No network
// namespace, veth, bridge, address, route, iptables rule, mount, cgroup or process of the cluster remains, and
// the sysctls are back. With K8S_TUTOR_FOOTPRINT_BEFORE (a cluster/footprint.sh output taken before
// cluster:up) each of these must also be exactly as it was then.
// Run by the multi-node pass of scripts/test-all.sh once the cluster is down:
//   K8S_TUTOR_FOOTPRINT_BEFORE=FILE npx vitest run --config cluster/vitest.multinode.config.ts cluster/multinode-down.spec.ts
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cfg, footprint, parseFootprint } from './testlib.js';

const beforeFile = process.env.K8S_TUTOR_FOOTPRINT_BEFORE;
let now: Record<string, string[]> = {};
const before: Record<string, string[]> | undefined = beforeFile ? parseFootprint(readFileSync(beforeFile, 'utf8')) : undefined;

/** Lines added and removed in a section since the footprint taken before cluster:up. */
function changes(section: string): { added: string[]; removed: string[] } {
  if (!before) return { added: [], removed: [] };
  const was = before[section] ?? [];
  const is = now[section] ?? [];
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const a = count(was);
  const b = count(is);
  const added = [...b].flatMap(([x, n]) => Array(Math.max(0, n - (a.get(x) ?? 0))).fill(x));
  const removed = [...a].flatMap(([x, n]) => Array(Math.max(0, n - (b.get(x) ?? 0))).fill(x));
  return { added, removed };
}

const ours = {
  name: new RegExp(`(^|[ /])(${cfg.nodeName}\\d*|${cfg.nodeBridge}|${cfg.podBridge}|kt-node\\d+)($|[ @:])`),
  address: /(^|[ /])(10\.99\.0\.|10\.200\.|10\.32\.0\.)/,
};

describe('after cluster:down', () => {
  beforeAll(async () => {
    now = await footprint();
  });

  it('leaves no network namespace', () => {
    expect(now.netns!.filter((l) => ours.name.test(l))).toEqual([]);
    expect(changes('netns')).toEqual({ added: [], removed: [] });
  });

  it('leaves no veth or bridge', () => {
    expect(now.links!.filter((l) => ours.name.test(l))).toEqual([]);
    expect(changes('links')).toEqual({ added: [], removed: [] });
  });

  it('leaves no address and no route of the node, pod or service ranges', () => {
    expect(now.addresses!.filter((l) => ours.address.test(l) || ours.name.test(l))).toEqual([]);
    expect(now.routes!.filter((l) => ours.address.test(l) || ours.name.test(l))).toEqual([]);
    expect(changes('addresses')).toEqual({ added: [], removed: [] });
    expect(changes('routes')).toEqual({ added: [], removed: [] });
  });

  it('leaves no iptables rule or chain (KUBE-*, K8S-TUTOR-FWD, CNI-*)', () => {
    expect(now.iptables!.filter((l) => /KUBE-|K8S-TUTOR|CNI-|k8s-tutor/.test(l))).toEqual([]);
    expect(changes('iptables')).toEqual({ added: [], removed: [] });
  });

  it('leaves no mount (volumes, sandboxes, /run/netns)', () => {
    expect(now.mounts!.filter((l) => l.startsWith(cfg.clusterDir) || l.startsWith(cfg.runDir) || l.startsWith('/run/netns'))).toEqual([]);
    expect(changes('mounts')).toEqual({ added: [], removed: [] });
  });

  it('leaves no cgroup of the kubelets (kubepods, /k8s-tutor-nodeN)', () => {
    expect(now.cgroups!.filter((l) => /\/(kubepods|k8s-tutor-node\d*)$/.test(l))).toEqual([]);
  });

  it('leaves no file outside the cluster dir (its run dir; the kubelet, CNI and containerd paths it made)', () => {
    expect(now.paths!.filter((l) => l === cfg.runDir)).toEqual([]);
    expect(changes('paths')).toEqual({ added: [], removed: [] });
  });

  it('leaves no process of the cluster', () => {
    expect(now.processes).toEqual([]);
  });

  it('puts the sysctls back', () => {
    expect(changes('sysctls')).toEqual({ added: [], removed: [] });
  });
});
