// The endpoints, as a table: path → method → handler. Handlers return a Reply; app.ts sends it.
import type { IncomingMessage } from 'node:http';
import { readdir } from 'node:fs/promises';
import type { Config } from './config.ts';
import { HttpError, numberParam, ok, readJsonBody, type Query, type Reply } from './http.ts';
import type { Logger } from './log.ts';
import { rssMb, type MemoryHog } from './memory.ts';
import { MAX_NOTE_LENGTH, NotesError, type NotesStore } from './notes.ts';
import type { Liveness, Readiness } from './readiness.ts';
import { StressBusyError, type StressRunner } from './stress.ts';

export interface Deps {
  config: Config;
  log: Logger;
  readiness: Readiness;
  liveness: Liveness;
  stress: StressRunner;
  memory: MemoryHog;
  notes: NotesStore;
  /** Ends the process with code 1 (POST /crash). */
  crash: () => void;
}

export interface RequestContext {
  req: IncomingMessage;
  query: Query;
}

export type Method = 'GET' | 'POST';
export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;
export type Routes = ReadonlyMap<string, Partial<Record<Method, Handler>>>;

export const DEFAULT_STRESS_SECONDS = 10;

export function buildRoutes(deps: Deps): Routes {
  const { config, log, readiness, liveness, stress, memory, notes } = deps;
  const server = config.hostname;

  // GET / is the hot path (every lesson's traffic): serialize its answer once.
  // The probes' answers too. Replies are never changed once made, so these are shared.
  const hello = ok(Buffer.from(JSON.stringify({ message: `Hello from ${config.appName}!`, server })));
  const healthy = ok(Buffer.from(JSON.stringify({ status: 'healthy' })));
  const ready = ok(Buffer.from(JSON.stringify({ status: 'ready' })));

  return new Map<string, Partial<Record<Method, Handler>>>([
    ['/', { GET: () => hello }],

    [
      '/health',
      {
        GET: () => {
          if (liveness.healthy) return healthy;
          throw new HttpError(503, 'unhealthy: disabled with POST /health/disable');
        },
      },
    ],
    [
      '/health/disable',
      {
        POST: () => {
          liveness.disable();
          log.warning('liveness disabled by request');
          return ok({ status: 'unhealthy', message: 'GET /health now answers 503; POST /health/enable to undo' });
        },
      },
    ],
    [
      '/health/enable',
      {
        POST: () => {
          liveness.enable();
          log.info('liveness enabled by request');
          return ok({ status: 'healthy', message: 'GET /health answers 200 again' });
        },
      },
    ],

    [
      '/ready',
      {
        GET: () => {
          const reason = readiness.reason;
          return reason === undefined ? ready : ok({ status: 'not ready', reason }, 503);
        },
      },
    ],
    [
      '/ready/disable',
      {
        POST: () => {
          readiness.disable();
          log.warning('readiness disabled by request');
          return ok({ status: 'not ready', message: 'GET /ready now answers 503; POST /ready/enable to undo' });
        },
      },
    ],
    [
      '/ready/enable',
      {
        POST: () => {
          readiness.enable();
          log.info('readiness enabled by request');
          return readiness.ready
            ? ok({ status: 'ready', message: 'GET /ready answers 200 again' })
            : ok({ status: 'not ready', reason: readiness.reason }, 503);
        },
      },
    ],

    [
      '/crash',
      {
        POST: () => ({
          status: 200,
          body: { message: 'Crashing now: the process exits with code 1', server },
          headers: { Connection: 'close' },
          after: deps.crash,
        }),
      },
    ],

    [
      '/stress',
      {
        GET: async ({ query }) => {
          const requested = numberParam(query, 'seconds') ?? Math.min(DEFAULT_STRESS_SECONDS, config.maxStressSeconds);
          const seconds = Math.min(requested, config.maxStressSeconds);
          try {
            const result = await stress.run(seconds);
            return ok({
              message: `Kept one CPU core busy for ${seconds} s`,
              seconds,
              requested_seconds: requested,
              capped: seconds < requested,
              elapsed_ms: Math.round(result.elapsedMs),
              server,
            });
          } catch (err) {
            if (err instanceof StressBusyError) throw new HttpError(429, `${err.message}; try again later`, { 'Retry-After': '1' });
            throw err;
          }
        },
      },
    ],

    [
      '/memory',
      {
        GET: async ({ query }) => {
          const mb = numberParam(query, 'mb', { integer: true });
          if (mb === undefined) {
            return ok({ held_mb: memory.heldMb, max_memory_mb: memory.maxMb, rss_mb: rssMb(), server });
          }
          const a = await memory.allocate(mb);
          return ok({
            message: `Allocated ${a.allocatedMb} MiB; holding ${a.heldMb} MiB in total`,
            requested_mb: mb,
            allocated_mb: a.allocatedMb,
            held_mb: a.heldMb,
            max_memory_mb: memory.maxMb,
            capped: a.capped,
            rss_mb: rssMb(),
            server,
          });
        },
      },
    ],
    [
      '/memory/release',
      {
        POST: () => {
          const released = memory.release();
          return ok({ released_mb: released, held_mb: memory.heldMb, server });
        },
      },
    ],

    [
      '/config',
      {
        GET: async () =>
          ok({
            app_name: config.appName,
            app_env: config.appEnv,
            log_level: config.logLevelSetting,
            max_stress_seconds: config.maxStressSeconds,
            max_memory_mb: config.maxMemoryMb,
            max_connections: config.maxConnections ?? 'not set',
            // Whether a secret arrived, never its value.
            secret_set: config.secretSet,
            secret_files: await secretFileNames(config.secretsDir),
          }),
      },
    ],

    ['/version', { GET: () => ok({ version: config.appVersion, server }) }],

    [
      '/info',
      {
        GET: () =>
          ok({
            pod_name: config.pod.name,
            pod_ip: config.pod.ip,
            node_name: config.pod.nodeName,
            namespace: config.pod.namespace,
            cpu_request: config.pod.cpuRequest,
            cpu_limit: config.pod.cpuLimit,
            memory_request: config.pod.memoryRequest,
            memory_limit: config.pod.memoryLimit,
            server,
          }),
      },
    ],

    [
      '/notes',
      {
        GET: () =>
          storage(async () => {
            const list = await notes.list();
            return ok({ notes: list, count: list.length, data_dir: notes.dir, server });
          }),
        POST: async ({ req }) => {
          const text = noteText(await readJsonBody(req, config.maxBodyBytes));
          return storage(async () => ok(await notes.add(text), 201));
        },
      },
    ],
  ]);
}

function noteText(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'body must be a JSON object like {"text": "..."}');
  }
  const text = (body as Record<string, unknown>).text;
  if (typeof text !== 'string') throw new HttpError(400, 'field "text" is required and must be a string');
  const trimmed = text.trim();
  if (trimmed === '') throw new HttpError(400, 'field "text" must not be empty');
  if (trimmed.length > MAX_NOTE_LENGTH) throw new HttpError(400, `field "text" is longer than ${MAX_NOTE_LENGTH} characters`);
  return trimmed;
}

async function storage(job: () => Promise<Reply>): Promise<Reply> {
  try {
    return await job();
  } catch (err) {
    if (err instanceof NotesError) throw new HttpError(500, `${err.message}. Is DATA_DIR writable?`);
    throw err;
  }
}

/** Names of the files a Secret volume put in dir (its ..data bookkeeping entries excluded). */
async function secretFileNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}
