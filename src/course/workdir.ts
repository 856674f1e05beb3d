import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { packageRoot } from './manifests.js';

/**
 * The learner's own copy of the course files (manifests/ and the sample app's sources), so that every
 * command the tutor prints works from any folder, on a machine that never cloned this repo, and the
 * learner can edit the YAML as the guide does.
 *
 * A small record in the folder (RECORD_FILE) keeps the hash of each file as the tutor wrote it. A file
 * whose content still has that hash is untouched, so a newer tutor may bring it up to date; a file
 * with any other content holds the learner's edits and is never overwritten without asking.
 */

/** Files of the package that the learner gets a copy of, relative to the package root. */
const SAMPLE_APP_FILES = ['Dockerfile', '.dockerignore', 'Makefile', 'README.md', 'package.json', 'package-lock.json', 'tsconfig.json'];

export const RECORD_FILE = '.k8s-tutor-files.json';

/** K8S_TUTOR_WORKDIR, or ~/k8s-tutor. */
export function workdir(env: NodeJS.ProcessEnv = process.env): string {
  return env.K8S_TUTOR_WORKDIR || join(env.HOME || homedir(), 'k8s-tutor');
}

/** A path as it can be pasted into any shell: as is, or single-quoted when it holds anything a shell would split or expand. */
export function pastable(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

/** The shipped files the learner gets, relative to the package root (and to the learner's folder). */
export function shippedFiles(root = packageRoot()): string[] {
  const files: string[] = [];
  const manifests = join(root, 'manifests');
  for (const name of readdirSync(manifests).sort()) if (name.endsWith('.yaml')) files.push(join('manifests', name));
  const app = join(root, 'sample-app');
  for (const name of SAMPLE_APP_FILES) if (existsSync(join(app, name))) files.push(join('sample-app', name));
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(rel, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  if (existsSync(join(app, 'src'))) walk(join('sample-app', 'src'));
  return files;
}

const hash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

function readRecord(dir: string): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, RECORD_FILE), 'utf8')) as { files?: Record<string, string> };
    return parsed.files && typeof parsed.files === 'object' ? parsed.files : {};
  } catch {
    return {};
  }
}

function writeRecord(dir: string, files: Record<string, string>): void {
  const path = join(dir, RECORD_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ note: 'k8s-tutor: hashes of the course files as the tutor wrote them; a file that differs holds your edits and is kept', files }, null, 2)}\n`);
  renameSync(temporary, path);
}

export interface SyncReport {
  dir: string;
  /** The folder did not exist before. */
  created: boolean;
  /** Files that were missing and are now there. */
  written: string[];
  /** Untouched copies brought up to date with a newer shipped version. */
  updated: string[];
  /** The learner's edited files that differ from the shipped ones, replaced because the learner said so. */
  replaced: string[];
  /** The learner's edited files that differ from the shipped ones, left as they are. */
  kept: string[];
}

export interface SyncOptions {
  dir?: string;
  root?: string;
  /** Asked for each of the learner's edited files that differs from the shipped one; without it, they are kept. */
  overwrite?: (file: string) => boolean | Promise<boolean>;
}

/**
 * Brings `dir` in line with the shipped files: copies what is missing, updates copies the learner
 * never touched, and for files the learner changed asks `overwrite` (kept when it is absent or says no).
 */
export async function syncLearnerCopy(options: SyncOptions = {}): Promise<SyncReport> {
  const plan = planSync(options.dir ?? workdir(), options.root ?? packageRoot());
  for (const file of plan.conflicts) {
    if (options.overwrite && (await options.overwrite(file))) plan.report.replaced.push(file);
    else plan.report.kept.push(file);
  }
  return applySync(plan);
}

interface SyncPlan {
  root: string;
  record: Record<string, string>;
  report: SyncReport;
  conflicts: string[];
}

function planSync(dir: string, root: string): SyncPlan {
  const created = !existsSync(dir);
  const record = created ? {} : readRecord(dir);
  const report: SyncReport = { dir, created, written: [], updated: [], replaced: [], kept: [] };
  const conflicts: string[] = [];
  for (const file of shippedFiles(root)) {
    const target = join(dir, file);
    if (!existsSync(target)) {
      report.written.push(file);
      continue;
    }
    const shipped = hash(join(root, file));
    const mine = hash(target);
    if (mine === shipped) record[file] = shipped;
    else if (record[file] === mine) report.updated.push(file);
    else conflicts.push(file);
  }
  return { root, record, report, conflicts };
}

function applySync({ root, record, report }: SyncPlan): SyncReport {
  const copies = [...report.written, ...report.updated, ...report.replaced];
  for (const file of copies) {
    const target = join(report.dir, file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, file), target);
    record[file] = hash(target);
  }
  if (existsSync(report.dir)) writeRecord(report.dir, record);
  return report;
}

const synced = new Map<string, SyncReport>();

/**
 * The learner's folder, made or brought up to date once per process (the learner's own edits are
 * kept). Returns the sync's report, so that a command can say where the files are when it made them.
 */
export function ensureLearnerFiles(dir = workdir(), root = packageRoot()): SyncReport {
  const key = `${dir}\0${root}`;
  const done = synced.get(key);
  if (done && existsSync(dir)) return done;
  const plan = planSync(dir, root);
  plan.report.kept.push(...plan.conflicts);
  const report = applySync(plan);
  synced.set(key, report);
  return report;
}

/**
 * Copies into `dir` every shipped file that it lacks, and updates copies the learner never changed.
 * A file the learner edited is never overwritten. Returns the files written.
 */
export function ensureLearnerCopy(dir = workdir(), root = packageRoot()): string[] {
  const report = ensureLearnerFiles(dir, root);
  return [...report.written, ...report.updated];
}

/** The one line that tells the learner where their copy is, for the command that created it. */
export function learnerCopyNotice(report: SyncReport): string | undefined {
  return report.created ? `Your copy of the course files: ${pastable(report.dir)} (manifests/, sample-app/). Edit them freely; the tutor never overwrites your changes.` : undefined;
}

/** The learner's copy of manifests/FILE, made if missing, as a path to paste into a terminal. */
export function learnerManifest(file: string): string {
  ensureLearnerCopy();
  return pastable(join(workdir(), 'manifests', file));
}
