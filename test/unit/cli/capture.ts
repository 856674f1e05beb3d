import { vi } from 'vitest';
import { runCli } from '../../../src/main.js';

export interface Captured {
  exitCode: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI in-process (no cluster unless the kubeconfig names one) and captures what it writes. */
export async function capture(argv: string[], env: NodeJS.ProcessEnv): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const started = Date.now();
  try {
    const exitCode = await runCli(['node', 'k8s-tutor', ...argv], { signal: new AbortController().signal, env });
    return { exitCode, stdout, stderr, ms: Date.now() - started };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
