import { mkdtempSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { execa } from 'execa';

/**
 * Runs the real CLI (the built bundle, under this Node) and the real kubectl against the local
 * test cluster. Every test file gets its own namespace and its own config dir.
 */

export const repoRoot = resolve(import.meta.dirname, '../../..');
const clusterDir = process.env.K8S_TUTOR_CLUSTER_DIR ?? join(homedir(), '.cache', 'k8s-tutor-cluster');
export const kubeconfig = process.env.K8S_TUTOR_E2E_KUBECONFIG ?? join(clusterDir, 'kubeconfig');

if (!existsSync(kubeconfig)) {
  throw new Error(`the e2e tests need the local cluster: ${kubeconfig} is missing. Run \`npm run cluster:up\` (or set K8S_TUTOR_E2E_KUBECONFIG).`);
}

/** The cluster's own kubectl build comes first on PATH (the machine may have an older one). */
function pathWithClusterBin(): string {
  const bin = process.env.K8S_TUTOR_BIN;
  return bin ? `${bin}${delimiter}${process.env.PATH ?? ''}` : (process.env.PATH ?? '');
}

export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Workspace {
  namespace: string;
  configDir: string;
  /** The learner's copy of the course files (K8S_TUTOR_WORKDIR): where printed commands point. */
  workdir: string;
  env: Record<string, string>;
  tutor(args: string[], options?: { timeoutMs?: number; env?: Record<string, string> }): Promise<Run>;
  kubectl(args: string[], options?: { timeoutMs?: number; input?: string }): Promise<Run>;
}

export function workspace(name: string): Workspace {
  const namespace = `e2e-${name}`.slice(0, 63);
  const configDir = mkdtempSync(join(tmpdir(), `k8s-tutor-${name}-`));
  const workdir = join(configDir, 'files');
  const env = { KUBECONFIG: kubeconfig, K8S_TUTOR_CONFIG_DIR: configDir, K8S_TUTOR_WORKDIR: workdir, PATH: pathWithClusterBin(), NO_COLOR: '1' };
  return {
    namespace,
    configDir,
    workdir,
    env,
    async tutor(args, options = {}) {
      const result = await execa(process.execPath, [join(repoRoot, 'bin', 'k8s-tutor.js'), ...args, '-n', namespace], {
        cwd: repoRoot,
        env: { ...env, ...options.env },
        reject: false,
        timeout: options.timeoutMs ?? 240_000,
        stdin: 'ignore',
      });
      return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
    },
    async kubectl(args, options = {}) {
      const result = await execa('kubectl', [...args], {
        cwd: repoRoot,
        env,
        reject: false,
        timeout: options.timeoutMs ?? 120_000,
        ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
      });
      return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
    },
  };
}

/** `check --json` parsed, with the output kept for assertion messages. */
export async function checkJson(ws: Workspace, lesson: string): Promise<{ exitCode: number; report: { lesson: string; passed: boolean; checks: { name: string; passed: boolean; message: string; fix?: string }[] }; raw: Run }> {
  const raw = await ws.tutor(['check', lesson, '--json']);
  let report;
  try {
    report = JSON.parse(raw.stdout);
  } catch {
    throw new Error(`check --json printed no JSON (exit ${raw.exitCode}):\n${raw.stdout}\n${raw.stderr}`);
  }
  return { exitCode: raw.exitCode, report, raw };
}

/** Removes the workspace's namespace (through the tutor's own reset) and waits for it to go. */
export async function cleanup(ws: Workspace): Promise<void> {
  await ws.tutor(['reset', '--yes', '--progress']);
}
