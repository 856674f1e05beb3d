import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCommand } from '../deps.js';

export interface VersionReport {
  version: string;
  node: string;
}

/**
 * The tutor's version, from its own package.json: the nearest one above this file (src/cli/commands/
 * from source, dist/ once bundled). Read here rather than through course/manifests.ts, which would
 * bring the YAML parser into every start-up (--version is read for every command's help).
 */
export function tutorVersion(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'k8s-tutor') return pkg.version ?? 'unknown';
      } catch {
        // not ours; keep looking
      }
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

export default defineCommand({
  validate: () => ({}),
  run: async () => ({ data: { version: tutorVersion(), node: process.version } satisfies VersionReport, exitCode: 0 }),
  render: (ui, data: VersionReport) => ui.say(`k8s-tutor ${data.version} (Node.js ${data.node})`),
});
