import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { packageRoot } from './manifests.js';

/**
 * The learner's own copy of the course files (manifests/ and the sample app's sources), so that every
 * command the tutor prints works from any folder, on a machine that never cloned this repo, and the
 * learner can edit the YAML as the guide does.
 */

/** Files of the package that the learner gets a copy of, relative to the package root. */
const SAMPLE_APP_FILES = ['Dockerfile', '.dockerignore', 'Makefile', 'README.md', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** K8S_TUTOR_WORKDIR, or ~/k8s-tutor. */
export function workdir(): string {
  return process.env.K8S_TUTOR_WORKDIR || join(homedir(), 'k8s-tutor');
}

/** A path as it can be pasted into any shell: as is, or single-quoted when it holds anything a shell would split or expand. */
export function pastable(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

function shippedFiles(root: string): string[] {
  const files: string[] = [];
  const manifests = join(root, 'manifests');
  for (const name of readdirSync(manifests)) if (name.endsWith('.yaml')) files.push(join('manifests', name));
  const app = join(root, 'sample-app');
  for (const name of SAMPLE_APP_FILES) if (existsSync(join(app, name))) files.push(join('sample-app', name));
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = join(rel, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  if (existsSync(join(app, 'src'))) walk(join('sample-app', 'src'));
  return files;
}

/**
 * Copies into `dir` every shipped file that it lacks. A file that is already there is never
 * overwritten: it may hold the learner's edits. Returns the files written.
 */
export function ensureLearnerCopy(dir = workdir(), root = packageRoot()): string[] {
  const written: string[] = [];
  for (const file of shippedFiles(root)) {
    const target = join(dir, file);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, file), target);
    written.push(file);
  }
  return written;
}

/** The learner's copy of manifests/FILE, made if missing, as a path to paste into a terminal. */
export function learnerManifest(file: string): string {
  ensureLearnerCopy();
  return pastable(join(workdir(), 'manifests', file));
}
