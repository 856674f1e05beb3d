// Graceful shutdown. When Kubernetes deletes a pod it sends SIGTERM and, at about the same time,
// starts removing the pod from the Service's endpoints; the two race. So, on SIGTERM:
//   1. /ready answers 503 and every response says `Connection: close`;
//   2. keep serving for SHUTDOWN_DELAY_SECONDS while the endpoint removal reaches every node;
//   3. stop accepting, close idle keep-alive connections, let in-flight requests finish;
//   4. exit 0 — or, if SHUTDOWN_TIMEOUT_SECONDS pass first (keep it under the pod's
//      terminationGracePeriodSeconds), cut what is left and exit 1.
// A second SIGINT (Ctrl-C twice) exits at once.
import type { Server } from 'node:http';
import type { Logger } from './log.ts';
import type { Readiness } from './readiness.ts';
import type { StressRunner } from './stress.ts';

export interface ShutdownOptions {
  server: Server;
  readiness: Readiness;
  stress: StressRunner;
  log: Logger;
  delaySeconds: number;
  timeoutSeconds: number;
  exit?: (code: number) => void;
}

export function installShutdown(opts: ShutdownOptions): (signal: string) => void {
  const { server, readiness, stress, log, delaySeconds, timeoutSeconds } = opts;
  const exitProcess = opts.exit ?? ((code: number) => process.exit(code));
  // Every log line out before the process ends (process.exit() flushes too; this also covers an injected exit).
  const exit = (code: number) => {
    log.flush();
    exitProcess(code);
  };
  let started = false;
  let t0 = 0;

  const elapsedMs = () => Math.round(performance.now() - t0);

  function shutdown(signal: string): void {
    if (started) {
      if (signal === 'SIGINT') {
        log.warning('second SIGINT: exiting now');
        exit(130);
      }
      return;
    }
    started = true;
    t0 = performance.now();
    readiness.beginShutdown();
    log.info('shutdown started: readiness is now 503', { signal, delay_seconds: delaySeconds, timeout_seconds: timeoutSeconds });
    // Idle keep-alive connections are left open during the delay on purpose: closing a connection
    // races with a client that is sending on it right then, and that client sees "socket hang up".
    // A client that sends gets `Connection: close` instead and moves on cleanly.

    const deadline = setTimeout(() => {
      log.error('shutdown timed out: closing the connections still open', { elapsed_ms: elapsedMs() });
      server.closeAllConnections();
      void stress.stopAll();
      exit(1);
    }, timeoutSeconds * 1000);

    setTimeout(() => {
      log.info('no longer accepting connections; finishing in-flight requests', { elapsed_ms: elapsedMs() });
      server.close(() => {
        clearTimeout(deadline);
        log.info('shutdown complete', { elapsed_ms: elapsedMs() });
        exit(0);
      });
      server.closeIdleConnections();
    }, delaySeconds * 1000);
  }

  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  return shutdown;
}
