import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManifestError } from '../errors.js';
import type { KubeObject } from '../kube/types.js';

/** The package's root (where package.json and manifests/ are), from source or from the bundle. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'manifests'))) return dir;
    dir = dirname(dir);
  }
  throw new ManifestError('cannot find the k8s-tutor package files (manifests/)', 'Reinstall k8s-tutor: `npm install -g k8s-tutor` or run it with npx.');
}

export function manifestsDir(): string {
  return process.env.K8S_TUTOR_MANIFESTS ?? join(packageRoot(), 'manifests');
}

/** Parses a multi-document YAML file into objects, with the file and line of any error. */
export function loadManifest(file: string, dir = manifestsDir()): KubeObject[] {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ManifestError(`manifest ${path} is missing`, 'Restore it from the package (`git checkout manifests/` in a clone, or reinstall).');
  }
  const objects: KubeObject[] = [];
  // Required on first use, not imported: evaluating yaml at start-up cost every command, --help included.
  const { parseAllDocuments } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  for (const doc of parseAllDocuments(text)) {
    const [problem] = doc.errors;
    if (problem) {
      const line = problem.linePos?.[0]?.line;
      throw new ManifestError(`manifest ${path}${line ? ` line ${line}` : ''} is not valid YAML: ${problem.message.split('\n')[0]}`, 'Fix the file, or restore the original from the package.');
    }
    const value = doc.toJS() as KubeObject | null;
    if (value === null) continue;
    if (typeof value !== 'object' || !value.apiVersion || !value.kind || !value.metadata?.name) {
      throw new ManifestError(`manifest ${path} has a document without apiVersion, kind or metadata.name`, 'Every document needs all three; restore the original if unsure.');
    }
    objects.push(value);
  }
  return objects;
}
