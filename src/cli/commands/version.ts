import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../course/manifests.js';
import { defineCommand } from '../deps.js';

export interface VersionReport {
  version: string;
  node: string;
}

/** The tutor's version, from its own package.json. */
export function tutorVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export default defineCommand({
  validate: () => ({}),
  run: async () => ({ data: { version: tutorVersion(), node: process.version } satisfies VersionReport, exitCode: 0 }),
  render: (ui, data: VersionReport) => ui.say(`k8s-tutor ${data.version} (Node.js ${data.node})`),
});
