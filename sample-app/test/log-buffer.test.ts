// The access log is batched (one write per turn of the event loop), so these check that batching
// loses nothing and changes nothing: same JSON as before, every line out at exit and at SIGTERM,
// even when whoever reads stdout falls behind.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, lineBuffer, writeAllSync, type LineSink } from '../src/log.ts';
import { APP_DIR, ensureBuilt, freePort, get, SERVER_JS, startServer, type LogLine } from './helpers.ts';

const nextTurn = () => new Promise((r) => setImmediate(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collect(maxChars?: number): { chunks: string[]; sink: LineSink } {
  const chunks: string[] = [];
  return { chunks, sink: lineBuffer((c) => chunks.push(c), maxChars) };
}

describe('lineBuffer', () => {
  it('writes the lines of one turn as one chunk once the turn ends', async () => {
    const { chunks, sink } = collect();
    sink.write('a\n');
    sink.write('b\n');
    expect(chunks).toEqual([]);
    await nextTurn();
    expect(chunks).toEqual(['a\nb\n']);
    sink.write('c\n');
    await nextTurn();
    expect(chunks).toEqual(['a\nb\n', 'c\n']);
    await nextTurn();
    expect(chunks).toHaveLength(2); // nothing pending: no empty write
  });

  it('writes at once when the batch reaches its size limit', async () => {
    const { chunks, sink } = collect(10);
    sink.write('12345\n');
    expect(chunks).toEqual([]);
    sink.write('67890\n');
    expect(chunks).toEqual(['12345\n67890\n']);
    sink.write('x\n');
    await nextTurn();
    expect(chunks).toEqual(['12345\n67890\n', 'x\n']);
  });

  it('flush() writes what is pending synchronously, and the scheduled write then has nothing to do', async () => {
    const { chunks, sink } = collect();
    sink.write('a\n');
    sink.flush();
    expect(chunks).toEqual(['a\n']);
    sink.flush();
    await nextTurn();
    expect(chunks).toEqual(['a\n']);
  });
});

describe('writeAllSync', () => {
  it('writes the whole chunk, multi-byte characters included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-app-log-'));
    try {
      const file = join(dir, 'out');
      const fd = openSync(file, 'w');
      const big = `${'é€😀 '.repeat(100_000)}\n`;
      writeAllSync(fd, big);
      writeAllSync(fd, 'end\n');
      closeSync(fd);
      expect(readFileSync(file, 'utf8')).toBe(`${big}end\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('createLogger', () => {
  const capture = () => {
    const lines: string[] = [];
    const sink: LineSink = { write: (l) => lines.push(l), flush: () => undefined };
    return { lines, sink };
  };

  it('formats the access-log line exactly as log() formats the same fields', () => {
    const { lines, sink } = capture();
    const log = createLogger('debug', sink);
    const paths = ['/', '/notes', '/a"b\\c', '/\u0000\u001f\u007f', '/é€😀', '/%22%0A'];
    for (const [i, path] of paths.entries()) {
      const aborted = i % 2 === 1;
      log.request('info', 'GET', path, 404, 1.25, aborted);
      log.log('info', 'request', { method: 'GET', path, status: 404, duration_ms: 1.25, ...(aborted ? { aborted: true } : {}) });
    }
    log.request('error', 'POST', '/crash', 500, 0, false);
    log.log('error', 'request', { method: 'POST', path: '/crash', status: 500, duration_ms: 0 });
    for (let i = 0; i < lines.length; i += 2) {
      const fast = lines[i]!;
      const slow = lines[i + 1]!;
      expect(fast.endsWith('\n')).toBe(true);
      // same keys in the same order, same values; only the time may differ by a millisecond
      const strip = (l: string) => l.replace(/"time":"[^"]*"/, '"time":""');
      expect(strip(fast)).toBe(strip(slow));
      expect(Date.parse((JSON.parse(fast) as LogLine).time)).not.toBeNaN();
    }
  });

  it('leaves out request lines below the level, and flush() reaches the sink', () => {
    const written: string[] = [];
    let flushed = 0;
    const log = createLogger('warning', { write: (l) => written.push(l), flush: () => flushed++ });
    log.request('info', 'GET', '/', 200, 0.1, false);
    log.request('debug', 'GET', '/health', 200, 0.1, false);
    log.request('error', 'GET', '/boom', 500, 0.1, false);
    expect(written.map((l) => (JSON.parse(l) as LogLine).path)).toEqual(['/boom']);
    log.flush();
    expect(flushed).toBe(1);
  });
});

describe('log delivery from the real server', () => {
  it('every request answered before SIGTERM has its line, intact, before "shutdown complete"', async () => {
    const s = await startServer({ LOG_LEVEL: 'info' });
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      const n = 1500;
      const answers = await Promise.all(Array.from({ length: n }, (_, i) => get(s.port, `/version?i=${i}`, { agent })));
      agent.destroy();
      expect(answers.every((a) => a.status === 200)).toBe(true);
      s.proc.kill('SIGTERM'); // at once: the last lines may still be in the buffer
      expect((await s.exited).code).toBe(0);
      const requests = s.logs.filter((l) => l.msg === 'request' && l.path === '/version');
      expect(requests).toHaveLength(n);
      for (const l of requests) expect(l).toMatchObject({ level: 'info', method: 'GET', status: 200 });
      expect(s.logs.at(-1)?.msg).toBe('shutdown complete');
    } finally {
      await s.stop();
    }
  });

  it('loses no line when stdout is a pipe nobody reads for a while, then SIGTERM comes', async () => {
    await ensureBuilt();
    const port = await freePort();
    const proc = spawn(process.execPath, [SERVER_JS], {
      cwd: APP_DIR,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', DATA_DIR: join(tmpdir(), 'sample-app-test-unused-data') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const stdoutClosed = new Promise((r) => proc.stdout!.once('close', r));
    try {
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          if ((await get(port, '/health', { timeoutMs: 1000 })).status === 200) break;
        } catch {
          if (Date.now() > deadline) throw new Error('server did not start');
          await sleep(50);
        }
      }
      // Nobody reads stdout: the pipe fills up (a few hundred KiB) long before this traffic ends.
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      const n = 4000;
      const path = `/nothing-here/${'x'.repeat(100)}`;
      let done = 0;
      const answers = Promise.all(
        Array.from({ length: n }, () =>
          get(port, path, { agent, timeoutMs: 20_000 }).then(
            (r) => (done++, r.status),
            () => (done++, 0),
          ),
        ),
      );
      await sleep(1000);
      const doneBeforeSigterm = done;
      proc.kill('SIGTERM');
      await sleep(500);
      let out = '';
      proc.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
      const statuses = await answers;
      agent.destroy();
      expect(await exited).toBe(0);
      await stdoutClosed;
      const lines = out.split('\n');
      expect(lines.pop()).toBe('');
      const logs = lines.map((l) => JSON.parse(l) as LogLine); // every line intact JSON
      const answered = statuses.filter((st) => st === 404).length;
      // The pipe really was full: the server was held up (its writes are blocking) until it was read.
      expect(doneBeforeSigterm).toBeLessThan(n);
      expect(answered).toBeGreaterThan(0);
      expect(logs.filter((l) => l.msg === 'request' && l.path === path && l.status === 404)).toHaveLength(answered);
      expect(logs.at(-1)?.msg).toBe('shutdown complete');
    } finally {
      proc.kill('SIGKILL');
    }
  });
});
