// The live view (`k8s-tutor view`): delete a pod; compare when `kubectl get pods -w` prints its
// replacement Ready with when the view's event stream (what the open page receives) first draws it
// Ready. Both are timestamped on arrival in this one process. Then the tutor's RSS with the view open
// and a page connected, against `kubectl get pods -w`. Writes $RAW/view.json.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { kubectlWatch } from '../lib/kubectl-watch.mjs';

const ns = process.env.BENCH_NS ?? 'bench';
const work = resolve(process.env.BENCH_WORK ?? 'bench/.work');
const rounds = process.env.BENCH_QUICK === '1' ? 2 : 5;
const APP = 'fastapi-k8s';
const ROUND_TIMEOUT_MS = 120_000;

const kubectl = (...args) => execFileSync('kubectl', [...args, '-n', ns], { encoding: 'utf8', timeout: 150_000 });
const mib = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { peakMiB: kib('VmHWM') / 1024, rssMiB: kib('VmRSS') / 1024 };
};
const within = (ms, promise, what) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref())]);

/** `k8s-tutor view`, its address once printed. */
function startView() {
  const child = spawn(process.execPath, ['bin/k8s-tutor.js', 'view', '-n', ns], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
  const url = new Promise((resolveUrl) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/[\w-]+\//.exec(line);
      if (match) resolveUrl(match[0]);
    });
  });
  return { child, url };
}

/** The page's side: the event stream, each state timestamped on arrival. */
function openStream(url) {
  const listeners = new Set();
  let buffer = '';
  const req = request(`${url}events`, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      const at = performance.now();
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!message.startsWith('data: ')) continue;
        const state = JSON.parse(message.slice(6));
        for (const listener of listeners) listener(state, at);
      }
    });
  });
  req.end();
  return { listeners, close: () => req.destroy() };
}

const podsOf = (state) => [...state.deployments.flatMap((d) => d.replicaSets.flatMap((rs) => rs.pods)), ...state.otherPods];

const view = startView();
const samples = [];
let rss;
try {
  const url = await within(30_000, view.url, 'the view\'s address');
  const stream = openStream(url);
  for (let round = 1; round <= rounds; round++) {
    kubectl('rollout', 'status', `deployment/${APP}`, '--timeout=120s');
    const all = JSON.parse(kubectl('get', 'pods', '-l', `app=${APP}`, '-o', 'json')).items;
    const pods = all.filter((p) => !p.metadata.deletionTimestamp);
    const names = new Set(all.map((p) => p.metadata.name));
    const watch = kubectlWatch(APP, ns, names);
    try {
      await within(ROUND_TIMEOUT_MS, watch.listed, 'kubectl lists the pods');
      const drawn = new Promise((resolveDrawn) => {
        const listener = (state, at) => {
          const fresh = podsOf(state).find((p) => !names.has(p.name) && p.ready && !p.terminating);
          if (fresh) {
            stream.listeners.delete(listener);
            resolveDrawn({ at, pod: fresh.name });
          }
        };
        stream.listeners.add(listener);
      });
      await new Promise((r) => setTimeout(r, 1500)); // both watches established
      const deletedAt = performance.now();
      kubectl('delete', 'pod', pods[0].metadata.name, '--wait=false');
      const [k, v] = await within(ROUND_TIMEOUT_MS, Promise.all([watch.ready, drawn]), 'the replacement Ready');
      if (round === rounds) rss = { tutor: mib(view.child.pid), peer: mib(watch.child.pid) };
      const sample = { deleted: pods[0].metadata.name, kubectlPod: k.pod, viewPod: v.pod, kubectlMs: k.at - deletedAt, viewMs: v.at - deletedAt, behindMs: v.at - k.at };
      samples.push(sample);
      console.error(`[bench] view ${round}/${rounds}: replacement Ready after ${sample.kubectlMs.toFixed(0)} ms (kubectl -w); on the view's stream ${sample.behindMs.toFixed(0)} ms later`);
    } finally {
      watch.stop();
    }
  }
  stream.close();
  console.error(`[bench] view: tutor with the view open, peak RSS ${rss.tutor.peakMiB.toFixed(1)} MiB; kubectl get pods -w ${rss.peer.peakMiB.toFixed(1)} MiB`);
} finally {
  view.child.kill('SIGINT');
}
writeFileSync(join(work, 'raw', 'view.json'), `${JSON.stringify({ samples, tutorPeakMiB: rss?.tutor.peakMiB, tutorRssMiB: rss?.tutor.rssMiB, peerPeakMiB: rss?.peer.peakMiB }, null, 2)}\n`);
process.exit(0);
