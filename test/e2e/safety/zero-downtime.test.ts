import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, workspace } from '../support/harness.js';
import { startLoad } from '../support/load.js';

/**
 * Issue 7 item 6: steady traffic from this machine to the Service's ClusterIP (kube-proxy routes it
 * here) while the cluster replaces, deletes and removes pods of the 5-replica Deployment with
 * probes and graceful shutdown (manifests/deployment-rolling.yaml). Goal: 0 failed requests.
 */

const ws = workspace('safety-zdt');
const MIN_REQUESTS = 2_000;
let url = '';

async function kubectlOk(args: string[], timeoutMs = 240_000): Promise<string> {
  const run = await ws.kubectl([...args, '-n', ws.namespace], { timeoutMs });
  if (run.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

async function podsSettled(count: number): Promise<void> {
  const end = Date.now() + 180_000;
  for (;;) {
    const pods = JSON.parse(await kubectlOk(['get', 'pods', '-l', 'app=fastapi-k8s', '-o', 'json'])) as { items: { metadata: { deletionTimestamp?: string }; status: { conditions?: { type: string; status: string }[] } }[] };
    const ready = pods.items.filter((p) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    if (pods.items.length === count && ready === count) return;
    if (Date.now() > end) throw new Error(`pods did not settle at ${count} (have ${pods.items.length}, ${ready} ready)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function measure(name: string, disrupt: () => Promise<void>) {
  const load = startLoad(url);
  await new Promise((r) => setTimeout(r, 1_500));
  const warm = load.snapshot();
  await disrupt();
  await new Promise((r) => setTimeout(r, 2_000));
  const stats = await load.stop(MIN_REQUESTS);
  console.log(`zero-downtime: ${name}: ${stats.failed} failed of ${stats.total} requests in ${stats.seconds.toFixed(1)} s ${JSON.stringify(stats.reasons)}`);
  return { warm, stats };
}

beforeAll(async () => {
  await ws.kubectl(['create', 'namespace', ws.namespace]);
  await kubectlOk(['apply', '-f', join(repoRoot, 'manifests', 'k8s.yaml')]);
  await kubectlOk(['apply', '-f', join(repoRoot, 'manifests', 'deployment-rolling.yaml')]);
  await kubectlOk(['rollout', 'status', 'deployment/fastapi-k8s', '--timeout=180s']);
  await podsSettled(5);
  url = `http://${(await kubectlOk(['get', 'service', 'fastapi-k8s', '-o', 'jsonpath={.spec.clusterIP}'])).trim()}/`;
}, 300_000);

afterAll(async () => {
  await ws.kubectl(['delete', 'namespace', ws.namespace, '--wait=false']);
});

describe('zero downtime under steady traffic', () => {
  it('rollout restart of 5 replicas with probes: no request fails', async () => {
    const { warm, stats } = await measure('rollout restart', async () => {
      await kubectlOk(['rollout', 'restart', 'deployment/fastapi-k8s']);
      await kubectlOk(['rollout', 'status', 'deployment/fastapi-k8s', '--timeout=240s']);
      await podsSettled(5);
    });
    expect(warm.total).toBeGreaterThan(0);
    expect(stats.total).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(stats.failed, JSON.stringify(stats.reasons)).toBe(0);
  }, 600_000);

  it('a pod deleted out of 5: no request fails', async () => {
    const { stats } = await measure('pod delete', async () => {
      const pod = (await kubectlOk(['get', 'pods', '-l', 'app=fastapi-k8s', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
      await kubectlOk(['delete', 'pod', pod, '--wait=true']);
      await podsSettled(5);
    });
    expect(stats.total).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(stats.failed, JSON.stringify(stats.reasons)).toBe(0);
  }, 600_000);

  it('scaling 5 to 2: no request fails', async () => {
    const { stats } = await measure('scale 5 to 2', async () => {
      await kubectlOk(['scale', 'deployment/fastapi-k8s', '--replicas=2']);
      await podsSettled(2);
    });
    expect(stats.total).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(stats.failed, JSON.stringify(stats.reasons)).toBe(0);
  }, 600_000);
});
