// Reaction: delete a pod; compare when `kubectl get pods -w` prints its replacement Ready with when
// the engine's waitUntil (bench/reaction/probe.ts, bundled like the CLI) reports it. Both are
// timestamped on arrival in this one process. Writes $RAW/reaction.json.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { kubectlWatch } from '../lib/kubectl-watch.mjs';

const ns = process.env.BENCH_NS ?? 'bench';
const work = resolve(process.env.BENCH_WORK ?? 'bench/.work');
const rounds = process.env.BENCH_QUICK === '1' ? 2 : 5;
const APP = 'fastapi-k8s';
const ROUND_TIMEOUT_MS = 120_000;

const kubectl = (...args) => execFileSync('kubectl', [...args, '-n', ns], { encoding: 'utf8', timeout: 150_000 });

await build({
  entryPoints: ['bench/reaction/probe.ts'], outfile: join(work, 'probe.mjs'), bundle: true, format: 'esm', platform: 'node', target: 'node22', logLevel: 'warning',
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
});
const { waitForReplacement } = await import(join(work, 'probe.mjs'));

const samples = [];
for (let round = 1; round <= rounds; round++) {
  kubectl('rollout', 'status', `deployment/${APP}`, '--timeout=120s');
  // Pods still terminating from an earlier round count as old too (kubectl -w lists them).
  const all = JSON.parse(kubectl('get', 'pods', '-l', `app=${APP}`, '-o', 'json')).items;
  const pods = all.filter((p) => !p.metadata.deletionTimestamp);
  const names = new Set(all.map((p) => p.metadata.name));
  const uids = new Set(all.map((p) => p.metadata.uid));
  const watch = kubectlWatch(APP, ns, names);
  const timer = setTimeout(() => watch.stop(), ROUND_TIMEOUT_MS);
  try {
    await watch.listed;
    const tutor = waitForReplacement(ns, APP, uids, ROUND_TIMEOUT_MS);
    await new Promise((r) => setTimeout(r, 1500)); // both watches established
    const deletedAt = performance.now();
    kubectl('delete', 'pod', pods[0].metadata.name, '--wait=false');
    const [k, t] = await Promise.all([watch.ready, tutor]);
    const sample = { deleted: pods[0].metadata.name, kubectlPod: k.pod, tutorPod: t.pod, kubectlMs: k.at - deletedAt, tutorMs: t.at - deletedAt, behindMs: t.at - k.at };
    samples.push(sample);
    console.error(`[bench] reaction ${round}/${rounds}: replacement Ready after ${sample.kubectlMs.toFixed(0)} ms (kubectl -w); the engine ${sample.behindMs.toFixed(0)} ms later`);
  } finally {
    clearTimeout(timer);
    watch.stop();
  }
}
writeFileSync(join(work, 'raw', 'reaction.json'), `${JSON.stringify({ samples }, null, 2)}\n`);
process.exit(0); // the engine's watches would keep the process alive
