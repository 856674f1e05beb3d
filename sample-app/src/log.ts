// Structured logs: one JSON object per line on stdout, which is what `kubectl logs` shows
// and what log collectors parse.
import type { LogLevel } from './config.ts';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40 };

export type Fields = Record<string, unknown>;

export interface Logger {
  enabled(level: LogLevel): boolean;
  log(level: LogLevel, msg: string, fields?: Fields): void;
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warning(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

/** Writes to stdout in batches: lines logged during one turn of the event loop leave in one
 * write() once it ends, instead of one system call each (which costs a busy server a fifth of its
 * throughput). Whatever is pending is written when the process exits, process.exit() included. */
export function batchedStdout(): (line: string) => void {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    process.stdout.write(chunk);
  };
  process.on('exit', flush);
  return (line) => {
    pending.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}

export function createLogger(minLevel: LogLevel, write: (line: string) => void = batchedStdout()): Logger {
  const min = RANK[minLevel];
  const enabled = (level: LogLevel) => RANK[level] >= min;
  const log = (level: LogLevel, msg: string, fields: Fields = {}) => {
    if (!enabled(level)) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
  return {
    enabled,
    log,
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warning: (msg, fields) => log('warning', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}
