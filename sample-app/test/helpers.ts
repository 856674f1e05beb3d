// Test helpers: build dist/ when stale, spawn the real server on a random loopback port,
// and make plain node:http requests to it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_JS = join(APP_DIR, 'dist', 'server.js');
const REPO_ROOT = resolve(APP_DIR, '..');

function newestMtime(dir: string, ext: string): number {
  return Math.max(0, ...readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => statSync(join(dir, f)).mtimeMs));
}

function isStale(): boolean {
  if (!existsSync(SERVER_JS)) return true;
  const distDir = join(APP_DIR, 'dist');
  const oldestOut = Math.min(...readdirSync(distDir).filter((f) => f.endsWith('.js')).map((f) => statSync(join(distDir, f)).mtimeMs));
  const newestIn = Math.max(newestMtime(join(APP_DIR, 'src'), '.ts'), statSync(join(APP_DIR, 'tsconfig.json')).mtimeMs);
  const srcCount = readdirSync(join(APP_DIR, 'src')).filter((f) => f.endsWith('.ts')).length;
  const outCount = readdirSync(distDir).filter((f) => f.endsWith('.js')).length;
  return newestIn > oldestOut || outCount < srcCount;
}

/** Compiles sample-app with tsc when dist/ is missing or older than src/. Test files run in
 * parallel, so a lock directory makes sure only one of them builds. */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  const lock = join(tmpdir(), `sample-app-build-${createHash('sha1').update(APP_DIR).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      // A lock older than a minute belongs to a build that died.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 60_000) rmdirSync(lock);
      } catch {
        // gone already
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (isStale()) {
      const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      execFileSync(process.execPath, [tsc, '-p', join(APP_DIR, 'tsconfig.json')], { stdio: 'pipe' });
    }
  } finally {
    rmdirSync(lock);
  }
}

export interface LogLine {
  time: string;
  level: string;
  msg: string;
  [key: string]: unknown;
}

export interface Running {
  proc: ChildProcess;
  port: number;
  logs: LogLine[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  waitForLog: (pred: (l: LogLine) => boolean, timeoutMs?: number) => Promise<LogLine>;
  stop: () => Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

/** A port that was free a moment ago (for servers whose log level hides the "listening" line). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createNetServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolvePort(port));
    });
  });
}

/** The node options of the Dockerfile's CMD (`node <options> dist/server.js`): the tests run the
 * server the way the image does (as do the cluster image and the bench, scripts/sample-app-cmd.cjs). */
export function imageNodeOptions(): string[] {
  const cmd = readFileSync(join(APP_DIR, 'Dockerfile'), 'utf8').split('\n').filter((l) => l.startsWith('CMD ')).at(-1);
  const argv = cmd ? (JSON.parse(cmd.slice(4)) as string[]) : [];
  return argv[0] === 'node' && argv.at(-1) === 'dist/server.js' ? argv.slice(1, -1) : [];
}

/** Spawns `node <the image's options> dist/server.js` on 127.0.0.1 and resolves once it listens: with PORT=0 it reads the
 * port from the "listening" log line; with LOG_LEVEL warning or error (no such line) it picks a free
 * port and polls /health. */
export async function startServer(env: Record<string, string> = {}): Promise<Running> {
  await ensureBuilt();
  const quiet = /^(warn|warning|error|critical)$/i.test(env.LOG_LEVEL ?? '');
  const fixedPort = quiet ? await freePort() : 0;
  if (quiet) env = { ...env, PORT: String(fixedPort) };
  const proc = spawn(process.execPath, [...imageNodeOptions(), SERVER_JS], {
    cwd: APP_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: join(tmpdir(), 'sample-app-test-unused-data'),
      SECRETS_DIR: join(tmpdir(), 'sample-app-test-no-secrets'),
      LOG_LEVEL: 'debug',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let buffered = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      logs.push(JSON.parse(line) as LogLine); // every stdout line must be one JSON object
    }
    for (const w of waiters) w();
  });
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((res) =>
    proc.once('exit', (code, signal) => {
      running.delete(proc);
      for (const w of waiters) w();
      res({ code, signal, at: performance.now() });
    }),
  );

  const waitForLog = (pred: (l: LogLine) => boolean, timeoutMs = 10_000) =>
    new Promise<LogLine>((res, rej) => {
      const check = () => {
        const hit = logs.find(pred);
        if (hit) {
          cleanup();
          res(hit);
        } else if (proc.exitCode !== null || proc.signalCode !== null) {
          cleanup();
          rej(new Error(`server exited before the expected log line; stderr: ${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        rej(new Error(`no matching log line within ${timeoutMs} ms; logs: ${JSON.stringify(logs.slice(-5))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  let port: number;
  if (quiet) {
    port = fixedPort;
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        if ((await request(port, 'GET', '/health', { timeoutMs: 1000 })).status === 200) break;
      } catch {
        if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`server did not start; stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } else {
    port = (await waitForLog((l) => l.msg === 'listening')).port as number;
  }
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  };
  return { proc, port, logs, stderr: () => stderr, exited, waitForLog, stop };
}

export interface Res {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read fields freely
  json: any;
}

export function request(
  port: number,
  method: string,
  path: string,
  opts: { body?: string | Buffer; headers?: Record<string, string | number>; agent?: Agent | false; timeoutMs?: number } = {},
): Promise<Res> {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: opts.headers, agent: opts.agent ?? false, timeout: opts.timeoutMs ?? 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request ${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const get = (port: number, path: string, opts?: Parameters<typeof request>[3]) => request(port, 'GET', path, opts);
export const post = (port: number, path: string, body?: unknown, opts?: Parameters<typeof request>[3]) =>
  request(port, 'POST', path, {
    ...opts,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...opts?.headers },
  });
