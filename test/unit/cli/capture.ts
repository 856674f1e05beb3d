import { Socket } from 'node:net';
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
  // No test here may reach past this machine, even if the guard broke: such a dial fails at once.
  const original = Socket.prototype.connect;
  const dial = vi.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
    const o = (typeof args[0] === 'object' && args[0] !== null ? args[0] : { host: args[1] }) as { host?: string };
    if (!/^(127\.|::1$|localhost$)/.test(String(o.host ?? '127.0.0.1'))) {
      process.nextTick(() => this.destroy(Object.assign(new Error(`blocked: ${o.host}`), { code: 'EBLOCKED' })));
      return this;
    }
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect);
  const started = Date.now();
  try {
    const exitCode = await runCli(['node', 'k8s-tutor', ...argv], { signal: new AbortController().signal, env });
    return { exitCode, stdout, stderr, ms: Date.now() - started };
  } finally {
    out.mockRestore();
    err.mockRestore();
    dial.mockRestore();
  }
}
