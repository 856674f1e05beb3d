#!/usr/bin/env node
// The import graph of src/ and lessons/ (from TypeScript's own pre-processor), and the layering
// rules it must keep. `npm run deps` prints the graph by folder and any rule it breaks (exit 1);
// test/unit/architecture.test.ts runs the same rules in CI.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';

const ts = createRequire(import.meta.url)('typescript');
export const repoRoot = resolve(import.meta.dirname, '..');

function sources(dir) {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** [{ from, to }] for every import in src/ and lessons/: `to` a repo path (x.ts) or a package name. */
export function importGraph() {
  const edges = [];
  for (const file of [...sources('src'), ...sources('lessons')]) {
    const info = ts.preProcessFile(readFileSync(join(repoRoot, file), 'utf8'), true, true);
    for (const ref of info.importedFiles) {
      const spec = ref.fileName;
      const to = spec.startsWith('.') ? relative(repoRoot, resolve(repoRoot, dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
      edges.push({ from: file, to });
    }
  }
  return edges;
}

const TERMINAL_LIBRARIES = /^(chalk|ora|@inquirer\/)/;
const LAYER = { 'src/errors.ts': 0, 'src/ui': 0, 'src/kube': 1, 'src/image': 2, 'src/checks': 2, 'src/course': 3, 'src/cli': 4, 'src/main.ts': 5, 'src/api.ts': 5 };

function layerOf(path) {
  const key = Object.keys(LAYER).find((k) => path === k || path.startsWith(`${k}/`));
  return key === undefined ? undefined : [key, LAYER[key]];
}

const ENGINE = 'lessons/engine.ts';
const OUTLINE = 'lessons/outline.ts';

function lessonFolder(path) {
  return /^lessons\/(\d\d-[a-z-]+)\//.exec(path)?.[1];
}

/** Every edge that breaks a rule, with the rule in words. */
export function violations(edges = importGraph()) {
  const broken = [];
  for (const { from, to } of edges) {
    const say = (rule) => broken.push({ from, to, rule });
    if (TERMINAL_LIBRARIES.test(to) && from !== 'src/ui/terminal.ts') say('only src/ui/terminal.ts imports the terminal libraries');
    if (from.startsWith('src/') && to.startsWith('lessons/') && !(from.startsWith('src/cli/') && to === 'lessons/catalog.ts')) {
      say('src/ reaches lessons/ only through lessons/catalog.ts, from src/cli');
    }
    const lesson = lessonFolder(from);
    if (lesson && to.startsWith('src/')) say('a lesson imports the engine through lessons/kit.ts');
    else if (from.startsWith('lessons/') && from !== ENGINE && to.startsWith('src/')) say('lessons/ reaches src/ only through lessons/engine.ts');
    if (from === OUTLINE && (to.startsWith('src/') || to.startsWith('lessons/'))) say('lessons/outline.ts is plain data and imports nothing');
    if (lesson && lessonFolder(to) && lessonFolder(to) !== lesson) say('a lesson does not import another lesson\'s folder');
    if (from.startsWith('lessons/lib/') && lessonFolder(to)) say('lessons/lib/ does not import a lesson');
    const a = layerOf(from), b = layerOf(to);
    if (a && b && a[0] !== b[0] && b[1] > a[1]) say(`${a[0]} (layer ${a[1]}) does not import ${b[0]} (layer ${b[1]})`);
  }
  for (const circle of circles(edges)) broken.push({ from: circle[0], to: circle[1], rule: `no import circle: ${[...circle, circle[0]].join(' -> ')}` });
  return broken;
}

/** The import circles among the repo's files: each strongly connected group of two or more files, as a path round it. */
export function circles(edges) {
  const next = new Map();
  for (const { from, to } of edges) if (to.endsWith('.ts')) next.set(from, [...(next.get(from) ?? []), to]);
  // Tarjan's algorithm.
  const index = new Map(), low = new Map(), stack = [], onStack = new Set(), groups = [];
  let counter = 0;
  const visit = (v) => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const group = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); group.push(w); } while (w !== v);
      if (group.length > 1) groups.push(group);
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return groups.map((group) => pathRound(group, next));
}

/** A path through every file of a circle, starting at its first file in sort order. */
function pathRound(group, next) {
  const members = new Set(group);
  const start = [...group].sort()[0];
  const path = [start];
  const seen = new Set(path);
  let at = start;
  for (;;) {
    const step = (next.get(at) ?? []).find((w) => members.has(w) && !seen.has(w));
    if (!step) break;
    path.push(step); seen.add(step); at = step;
  }
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const edges = importGraph();
  const group = (p) => (p.startsWith('lessons/') ? (lessonFolder(p) ? 'lessons/NN-*' : p.split('/').slice(0, 2).join('/').replace(/\.ts$/, '')) : p.split('/').slice(0, 2).join('/').replace(/\.ts$/, ''));
  const folders = new Map();
  for (const { from, to } of edges) {
    if (!to.startsWith('src/') && !to.startsWith('lessons/')) continue;
    const f = group(from), t = group(to);
    if (f !== t) folders.set(`${f} -> ${t}`, (folders.get(`${f} -> ${t}`) ?? 0) + 1);
  }
  for (const [edge, n] of [...folders].sort()) console.log(`${edge}  (${n})`);
  for (const circle of circles(edges)) console.log(`circle: ${[...circle, circle[0]].join(' -> ')}`);
  const broken = violations(edges);
  for (const v of broken) console.error(`rule broken: ${v.from} -> ${v.to}: ${v.rule}`);
  process.exit(broken.length ? 1 : 0);
}
