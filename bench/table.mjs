// Reads the raw figures in $BENCH_WORK/raw, prints one Markdown table, and writes it to
// $BENCH_RESULTS/latest.json and latest.md: medians, peers from the same run, ratios, goals.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';

const work = process.env.BENCH_WORK ?? 'bench/.work';
const outDir = process.env.BENCH_RESULTS ?? 'bench/results';
const raw = (name) => (existsSync(join(work, 'raw', `${name}.json`)) ? JSON.parse(readFileSync(join(work, 'raw', `${name}.json`), 'utf8')) : undefined);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const hf = (data, name) => data?.results?.find((r) => r.command === name);
const ms = (r) => (r ? r.median * 1000 : NaN);
const cpuMs = (r) => (r ? (r.user + r.system) * 1000 : NaN);
const f = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

const rows = [];
/** holds: true/false against the goal, or null for a figure with no goal of its own. */
const row = (figure, value, peer, peerValue, ratio, goal, holds, note = '') => rows.push({ figure, value, peer, peerValue, ratio, goal, holds, note });

const startup = raw('startup');
const bare = ms(hf(startup, 'node-e-0'));
const kubectl = ms(hf(startup, 'kubectl-version'));
const floor = ms(hf(startup, 'commander-floor'));
// kubectl --help, where a run before it was added measured only `kubectl version --client`.
const kubectlHelp = ms(hf(startup, 'kubectl-help')) || kubectl;
for (const [name, label, goal] of [
  ['help', '`k8s-tutor --help` (bundle)', true],
  ['list', '`k8s-tutor list` (bundle)', true],
  ['help-unbundled', '`--help`, tsc output (unbundled)', false],
  ['list-unbundled', '`list`, tsc output (unbundled)', false],
  ['help-no-compile-cache', '`--help`, bundle, compile cache off', false],
]) {
  // Judged against what bounds it: commander alone (the same commands, no work) and kubectl --help;
  // `node -e 0` stays in the note (commander alone is already 1.4–1.8× of it).
  const r = hf(startup, name);
  const ratio = ms(r) / floor;
  const holds = ratio <= 1.2 && ms(r) <= kubectlHelp;
  row(label, `${f(ms(r))} ms (CPU ${f(cpuMs(r))} ms)`, 'commander alone, same commands', `${f(floor)} ms; \`kubectl --help\` ${f(kubectlHelp)} ms`, ratio, goal ? '≤ 1.2× and ≤ 1.0× kubectl --help' : '(info)', goal ? holds : null, `${f(ms(r) / kubectlHelp, 2)}× kubectl --help; ${f(ms(r) / bare, 2)}× \`node -e 0\` (${f(bare)} ms)`);
}
// What bounds the --help goal: commander itself, with the same commands and nothing else to do.
row('commander alone: `--help` of the same commands, no work (bench/peers/commander-floor.mjs)', `${f(floor)} ms (CPU ${f(cpuMs(hf(startup, 'commander-floor')))} ms)`, '`node -e 0`', `${f(bare)} ms`, floor / bare, '(info)', null, 'the peer of the rows above: the floor under any commander CLI');

for (const lesson of ['first-deployment', 'rolling-updates']) {
  const data = raw(`check-${lesson}`);
  if (!data || data.skipped) {
    row(`\`check ${lesson}\``, 'not measured', 'verify script, 1 kubectl call per expectation', '—', NaN, '≤ 1.0× (stretch 0.5×)', null, data?.skipped ?? 'no data');
    continue;
  }
  const tutor = hf(data, 'tutor');
  const peer = hf(data, 'peer');
  const ratio = ms(tutor) / ms(peer);
  row(`\`check ${lesson}\``, `${f(ms(tutor))} ms (CPU ${f(cpuMs(tutor))} ms)`, 'verify script, 1 kubectl call per expectation', `${f(ms(peer))} ms (CPU ${f(cpuMs(peer))} ms)`, ratio, '≤ 1.0× (stretch 0.5×)', ratio <= 1.0, `CPU ratio ${f(cpuMs(tutor) / cpuMs(peer), 2)}×`);
}

const reaction = raw('reaction');
const behind = median((reaction?.samples ?? []).map((s) => s.behindMs));
const readyAfter = median((reaction?.samples ?? []).map((s) => s.kubectlMs));
row('reaction: pod deleted → replacement Ready reported', `${f(behind)} ms behind kubectl`, '`kubectl get pods -w` prints it Ready', `${f(readyAfter)} ms after the delete`, NaN, '≤ 100 ms behind', Number.isFinite(behind) ? behind <= 100 : false, `${reaction?.samples?.length ?? 0} deletions; each: ${(reaction?.samples ?? []).map((s) => f(s.behindMs)).join(', ')} ms`);

const app = raw('app');
const pick = (server, key) => median((app?.runs ?? []).filter((r) => r.server === server).map((r) => (key in r ? r[key] : r.wrk[key])));
const [sRps, fRps, bRps] = ['sample', 'fastapi', 'bare'].map((s) => pick(s, 'rps'));
const [sP50, fP50] = ['sample', 'fastapi'].map((s) => pick(s, 'p50'));
const [sP99, fP99, bP99] = ['sample', 'fastapi', 'bare'].map((s) => pick(s, 'p99'));
const [sRss, fRss, bRss] = ['sample', 'fastapi', 'bare'].map((s) => pick(s, 'peakMiB'));
const fastapi = 'FastAPI + uvicorn, 1 worker';
row('sample app GET / req/s', f(sRps), fastapi, f(fRps), sRps / fRps, '≥ 3×', sRps / fRps >= 3);
row('sample app GET / p99', `${f(sP99, 1)} ms`, fastapi, `${f(fP99, 1)} ms`, sP99 / fP99, '≤ 0.33×', sP99 / fP99 <= 1 / 3);
row('sample app GET / p50', `${f(sP50, 2)} ms`, fastapi, `${f(fP50, 2)} ms`, sP50 / fP50, '(info)', null);
const [sAnon, sFile] = ['anonMiB', 'fileMiB'].map((k) => pick('sample', k));
// Judged against bare node:http: Node's own file-backed pages alone are about 0.9× FastAPI's whole peak (README).
row('sample app peak RSS under load', `${f(sRss, 1)} MiB`, 'bare node:http hello world', `${f(bRss, 1)} MiB`, sRss / bRss, '≤ 1.0×', sRss / bRss <= 1.0, `${fastapi} ${f(fRss, 1)} MiB (${f(sRss / fRss, 2)}×); sample at the end: ${f(sAnon, 1)} MiB anonymous, ${f(sFile, 1)} MiB file-backed (mostly the node binary)`);
row('Node alone, idle (`node -e \'setInterval(…)\'`): the floor under the RSS row', `${f(app?.nodeIdleMiB, 1)} MiB`, fastapi, `${f(fRss, 1)} MiB`, app?.nodeIdleMiB / fRss, '(info)', null, `${f(app?.nodeIdleFileMiB, 1)} MiB of it file-backed (the node binary's pages), before any app code runs`);
row('sample app GET / req/s', f(sRps), 'bare node:http hello world', f(bRps), sRps / bRps, '≥ 0.9×', sRps / bRps >= 0.9, `bare p99 ${f(bP99, 1)} ms`);
const [sCpu, bCpu] = ['sample', 'bare'].map((srv) => pick(srv, 'cpuUsPerRequest'));
row('sample app GET / CPU per request', `${f(sCpu, 1)} µs`, 'bare node:http hello world', `${f(bCpu, 1)} µs`, sCpu / bCpu, '(info)', null, 'user + system time of the server over the measured run; it falls as req/s rises (bigger batches per turn), so compare runs at similar req/s');

const rss = raw('rss-wait');
const tutorPeak = median((rss?.samples ?? []).map((s) => s.tutorPeakMiB));
const peerPeak = median((rss?.samples ?? []).map((s) => s.peerPeakMiB));
const mb = (mib) => mib * 1.048576;
row('tutor peak RSS while `check --watch` waits', `${f(mb(tutorPeak))} MB`, '`kubectl get pods -w`', `${f(mb(peerPeak))} MB`, tutorPeak / peerPeak, '≤ 120 MB', Number.isFinite(tutorPeak) ? mb(tutorPeak) <= 120 : false);

// The live view (bench/view/run.mjs): its stream behind kubectl -w, and the tutor's memory with a page open.
const view = raw('view');
const viewBehind = median((view?.samples ?? []).map((s) => s.behindMs));
// Rounded first, so that a lead of a fraction of a millisecond reads 0, not -0.
const whole = (x) => Math.round(x) + 0;
row('live view: pod deleted → replacement Ready on the page\'s stream', `${f(whole(viewBehind))} ms behind kubectl`, '`kubectl get pods -w` prints it Ready', `${f(median((view?.samples ?? []).map((s) => s.kubectlMs)))} ms after the delete`, NaN, '≤ 100 ms behind', Number.isFinite(viewBehind) ? viewBehind <= 100 : false, `${view?.samples?.length ?? 0} deletions; each: ${(view?.samples ?? []).map((s) => f(whole(s.behindMs))).join(', ')} ms`);
row('tutor peak RSS with the live view open (`view`, one page connected)', `${f(mb(view?.tutorPeakMiB ?? NaN))} MB`, '`kubectl get pods -w`', `${f(mb(view?.peerPeakMiB ?? NaN))} MB`, (view?.tutorPeakMiB ?? NaN) / (view?.peerPeakMiB ?? NaN), '≤ 130 MB', Number.isFinite(view?.tutorPeakMiB) ? mb(view.tutorPeakMiB) <= 130 : false);

// What a learner downloads (bench/install.sh): the tarball installed under Node 22, and npx from it.
const install = raw('install');
if (install) {
  const mbOf = (kib) => kib / 1024;
  row('installed size: the tarball, `npm install -g` into a fresh prefix', `${f(mbOf(install.installedKiB), 1)} MiB`, 'goal', '5 MB', mbOf(install.installedKiB) / (5 / 1.048576), '≤ 5 MB', install.installedKiB * 1024 <= 5e6, `Node ${install.node}; tarball ${f(install.tarballKiB)} KiB; ${install.ebadengine} EBADENGINE line(s)`);
  row('packages installed', String(install.packages), 'goal', '5', install.packages / 5, '≤ 5', install.packages <= 5, 'the bundle holds every runtime dependency');
  for (const [name, label] of [['npx-cold', '`npx k8s-tutor --help` from the tarball, cold (empty npm cache)'], ['npx-warm', '`npx k8s-tutor --help` from the tarball, warm (npm cache filled)']]) {
    const r = hf(install, name);
    const installed = hf(install, 'installed');
    row(label, `${f(ms(r))} ms (CPU ${f(cpuMs(r))} ms)`, 'the installed bin, `k8s-tutor --help`', `${f(ms(installed))} ms`, ms(r) / ms(installed), '(info)', null, `Node ${install.node}`);
  }
}

const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', kernel: release(), node: process.version, loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(2))) };
const result = { date: new Date().toISOString(), quick: process.env.BENCH_QUICK === '1', machine, rows };
const verdict = (h) => (h === null ? '' : h ? 'yes' : '**no**');
const md = [
  `Benchmarks of ${result.date.slice(0, 10)}${result.quick ? ' (--quick: fewer repetitions, shorter loads)' : ''}; ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load average at the end ${machine.loadAverage.join(' ')}. Medians; peers measured in the same run.`,
  '',
  '| figure | k8s-tutor | peer | peer, same run | ratio | goal | holds | note |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.figure} | ${r.value} | ${r.peer} | ${r.peerValue} | ${Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : '—'} | ${r.goal} | ${verdict(r.holds)} | ${r.note} |`),
  '',
].join('\n');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(outDir, 'latest.md'), md);
process.stdout.write(md);
