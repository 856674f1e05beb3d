// Structured logs: one JSON object per line on stdout, which is what `kubectl logs` shows
// and what log collectors parse.
// getBuiltinModule rather than an ES module import of node:fs, which would evaluate every export
// of it, the fs.promises getter included (fs/promises, its streams and readline: memory for nothing).
const { writeSync } = process.getBuiltinModule('node:fs');
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
  /** The access-log line, {"time", "level", "msg": "request", "method", "path", "status",
   * "duration_ms"[, "aborted": true]}, written without building an object per request. */
  request(level: LogLevel, method: string, path: string, status: number, durationMs: number, aborted: boolean): void;
  /** Writes whatever is buffered, synchronously. */
  flush(): void;
}

/** Where lines go: write() may buffer; flush() must leave nothing behind. */
export interface LineSink {
  write(line: string): void;
  flush(): void;
}

/** A batch is written at once when it reaches this many characters, without waiting for the turn to end. */
export const FLUSH_CHARS = 64 * 1024;

/** Collects lines and hands them to `out` as one chunk: when the current turn of the event loop ends
 * (setImmediate), as soon as `maxChars` have piled up, or on flush(). One system call per turn
 * instead of one per line is most of what an access log costs a busy server. */
export function lineBuffer(out: (chunk: string) => void, maxChars = FLUSH_CHARS): LineSink {
  let pending = '';
  let scheduled: NodeJS.Immediate | undefined;
  const flush = () => {
    if (scheduled !== undefined) {
      clearImmediate(scheduled);
      scheduled = undefined;
    }
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    out(chunk);
  };
  const onImmediate = () => {
    scheduled = undefined;
    flush();
  };
  return {
    write(line) {
      pending += line;
      if (pending.length >= maxChars) flush();
      else if (scheduled === undefined) scheduled = setImmediate(onImmediate);
    },
    flush,
  };
}

const sleepBuffer = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `chunk` to a file descriptor, synchronously. A pipe that is full (EAGAIN, when
 * something made the descriptor non-blocking) is waited for, as a blocking write would; any other
 * error (EPIPE: nobody reads any more) drops the chunk, since there is nowhere left to report it. */
export function writeAllSync(fd: number, chunk: string): void {
  const bytes = Buffer.from(chunk, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      Atomics.wait(sleepBuffer, 0, 0, 1);
    }
  }
}

/** Batched lines to stdout (fd 1), written with write(2) directly rather than through
 * process.stdout: on a pipe (a container's stdout) process.stdout is asynchronous, so lines still
 * queued when the process exits are lost. These writes are synchronous, and whatever is buffered
 * is written when the process exits (process.exit() included), so every line logged gets out. */
export function batchedStdout(fd = 1): LineSink {
  const sink = lineBuffer((chunk) => writeAllSync(fd, chunk));
  process.on('exit', sink.flush);
  return sink;
}

// The time field, formatted at most once per millisecond.
let lastMs = -1;
let lastIso = '';
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

// Methods and paths repeat (GET, "/", "/health"), so their JSON-quoted forms are kept; the cache is
// bounded because paths come from clients.
const quoted = new Map<string, string>();
const QUOTED_MAX = 256;
function quote(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (quoted.size < QUOTED_MAX) quoted.set(s, q);
  }
  return q;
}

export function createLogger(minLevel: LogLevel, sink: LineSink = batchedStdout()): Logger {
  const min = RANK[minLevel];
  const enabled = (level: LogLevel) => RANK[level] >= min;
  const log = (level: LogLevel, msg: string, fields: Fields = {}) => {
    if (!enabled(level)) return;
    sink.write(`${JSON.stringify({ time: isoNow(), level, msg, ...fields })}\n`);
  };
  // Same keys, in the same order, as log(level, 'request', {method, path, status, duration_ms, aborted?}).
  const request = (level: LogLevel, method: string, path: string, status: number, durationMs: number, aborted: boolean) => {
    if (!enabled(level)) return;
    sink.write(
      `{"time":"${isoNow()}","level":"${level}","msg":"request","method":${quote(method)},"path":${quote(path)},` +
        `"status":${status},"duration_ms":${durationMs}${aborted ? ',"aborted":true}\n' : '}\n'}`,
    );
  };
  return {
    enabled,
    log,
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warning: (msg, fields) => log('warning', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    request,
    flush: sink.flush,
  };
}
