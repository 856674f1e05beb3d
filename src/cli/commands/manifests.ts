import { resolve } from 'node:path';
import { pastable, syncLearnerCopy, workdir, type SyncReport } from '../../course/workdir.js';
import type { Ui } from '../../ui/ui.js';
import { defineCommand, type CommandInput, type CommandResult, type Deps } from '../deps.js';

export interface ManifestsOptions {
  dir: string;
  /** Whether to ask before replacing a file the learner changed (a terminal, and no --yes). */
  ask: boolean;
  namespace: string;
}

export function validateManifests(input: CommandInput): ManifestsOptions {
  const dir = input.args[0] ? resolve(input.args[0]) : workdir();
  return { dir, ask: input.interactive && !input.global.yes, namespace: input.global.namespace };
}

/** Copies manifests/ and the sample app's sources to the folder; a file the learner changed is replaced only if they say so. */
export async function runManifests(options: ManifestsOptions, deps: Deps): Promise<CommandResult<SyncReport>> {
  const report = await syncLearnerCopy({
    dir: options.dir,
    overwrite: options.ask ? (file) => deps.ui.confirm(`${file} differs from the tutor's version (your edits?). Replace it with the tutor's version?`, { default: false, signal: deps.signal }) : undefined,
  });
  return { data: report, exitCode: 0 };
}

export function renderManifests(ui: Ui, report: SyncReport, options: ManifestsOptions): void {
  const copied = report.written.length + report.updated.length + report.replaced.length;
  ui.ok(copied === 0 ? `${pastable(report.dir)} already has every course file.` : `Copied ${copied} course files to ${pastable(report.dir)} (manifests/, sample-app/).`);
  if (report.updated.length > 0) ui.dim(`updated to the tutor's newer version (you had not changed them): ${report.updated.join(', ')}`);
  if (report.replaced.length > 0) ui.dim(`replaced at your request: ${report.replaced.join(', ')}`);
  if (report.kept.length > 0) {
    ui.warn(`kept your own version of ${report.kept.join(', ')} (it differs from the tutor's)`);
    if (!options.ask) ui.dim('To be asked about each, run this in a terminal without --yes; or delete a file and run it again to get the original.');
  }
  ui.dim(`For example: kubectl apply -f ${pastable(`${report.dir}/manifests/k8s.yaml`)} -n ${options.namespace}`);
}

export default defineCommand({ validate: validateManifests, run: runManifests, render: renderManifests });
