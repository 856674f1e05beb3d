// The endpoints, as one table: path → method → operation. An operation is its handler plus what it
// takes and answers (query parameters, JSON body, status codes). app.ts dispatches through this table,
// parsing parameters and bodies as it says; docs.ts writes /openapi.json and /docs from the same
// table, so the router and the documentation cannot drift apart.
import type { IncomingMessage } from 'node:http';
import type { Config } from './config.ts';
import { HttpError, ok, ValidationError, type Reply } from './http.ts';
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

/** What a handler gets: its query parameters parsed as the operation declares them, and its JSON body. */
export interface RequestContext {
  req: IncomingMessage;
  params: Readonly<Record<string, number | undefined>>;
  body: unknown;
}

export type Method = 'GET' | 'POST';
export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

/** A JSON Schema (OpenAPI 3.1 uses JSON Schema 2020-12 as is). */
export type Schema = Record<string, unknown>;

export interface QueryParam {
  name: string;
  /** number: a non-negative decimal; integer: a non-negative whole number. Anything else is a 400. */
  type: 'number' | 'integer';
  description: string;
  default?: number;
}

export interface Response {
  description: string;
  /** The JSON body; none for a body-less answer. */
  schema?: Schema;
}

export interface Operation {
  /** The handler's name as a FastAPI app would spell its function (the original's, where it has one):
   * the operationId is FastAPI's `<name><path>_<method>`, so generated clients get the same method names. */
  name: string;
  summary: string;
  description?: string;
  tag: string;
  query?: readonly QueryParam[];
  /** A JSON body, required: read (bounded by MAX_BODY_BYTES) and parsed before the handler runs. */
  body?: { description: string; schema: Schema; example: unknown };
  /** The answers the handler gives. Those the router adds (422, 400, 413, 415) come from statusCodes(). */
  responses: Readonly<Record<number, Response>>;
  /** Left out of /openapi.json and /docs, as FastAPI leaves out its own /openapi.json and /docs. */
  hidden?: boolean;
  handler: Handler;
}

export type Route = Partial<Record<Method, Operation>>;
export type Routes = ReadonlyMap<string, Route>;

export const DEFAULT_STRESS_SECONDS = 10;

// Schemas, kept short: the fields are the ones the handlers below write.
const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const bool = { type: 'boolean' } as const;
/** An object with these properties, all of them required unless listed in `optional`. Open (other
 * properties allowed), as FastAPI's are; `closed` for the branches of a oneOf, which must exclude each other. */
const obj = (properties: Record<string, Schema>, optional: string[] = []): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
});
export const ERROR_SCHEMA: Schema = obj({ detail: str });
const NOTE_SCHEMA: Schema = obj({ id: int, text: str, created_at: { type: 'string', format: 'date-time' }, server: str });
const closed = (schema: Schema): Schema => ({ ...schema, additionalProperties: false });
const error = (description: string): Response => ({ description, schema: ERROR_SCHEMA });

/** FastAPI's schemas of a 422 answer, under the same names (docs.ts puts them in components.schemas). */
export const VALIDATION_SCHEMAS: Readonly<Record<string, Schema>> = {
  ValidationError: {
    type: 'object',
    title: 'ValidationError',
    properties: {
      loc: { type: 'array', title: 'Location', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
      msg: { type: 'string', title: 'Message' },
      type: { type: 'string', title: 'Error Type' },
      input: { title: 'Input' },
    },
    required: ['loc', 'msg', 'type'],
  },
  HTTPValidationError: {
    type: 'object',
    title: 'HTTPValidationError',
    properties: { detail: { type: 'array', title: 'Detail', items: { $ref: '#/components/schemas/ValidationError' } } },
  },
};
const validationError: Response = { description: 'Validation Error', schema: { $ref: '#/components/schemas/HTTPValidationError' } };
const switched = (description: string): Response => ({ description, schema: obj({ status: str, message: str }) });

/** Every status code an operation can answer with: its own, and the router's for what it parses. */
export function statusCodes(op: Operation): Record<number, Response> {
  const all: Record<number, Response> = { ...op.responses };
  if (op.query?.length || op.body) all[422] ??= validationError;
  if (op.body) {
    all[400] ??= error('The body is not UTF-8, or was cut off');
    all[413] ??= error('The body is over MAX_BODY_BYTES');
    all[415] ??= error('The body was sent with a Content-Type that is not JSON');
  }
  return all;
}

export function buildRoutes(deps: Deps): Routes {
  const { config, log, readiness, liveness, stress, memory, notes } = deps;
  const server = config.hostname;

  // GET / is the hot path (every lesson's traffic): serialize its answer once.
  // The probes' answers too. Replies are never changed once made, so these are shared.
  const hello = ok(Buffer.from(JSON.stringify({ message: `Hello from ${config.appName}!`, server })));
  const healthy = ok(Buffer.from(JSON.stringify({ status: 'healthy' })));
  const ready = ok(Buffer.from(JSON.stringify({ status: 'ready' })));

  const routes: Map<string, Route> = new Map<string, Route>([
    [
      '/',
      {
        GET: {
          name: 'root',
          summary: 'Hello, with the name of the pod that answered',
          description: 'Call it a few times through the Service to watch the load balancing.',
          tag: 'hello',
          responses: { 200: { description: 'The greeting', schema: obj({ message: str, server: str }) } },
          handler: () => hello,
        },
      },
    ],

    [
      '/health',
      {
        GET: {
          name: 'health',
          summary: 'Liveness: is the process alive?',
          description: 'The liveness probe. 503 after POST /health/disable, so the kubelet restarts the container.',
          tag: 'probes',
          responses: { 200: { description: 'Healthy', schema: obj({ status: str }) }, 503: error('Disabled with POST /health/disable') },
          handler: () => {
            if (liveness.healthy) return healthy;
            throw new HttpError(503, 'unhealthy: disabled with POST /health/disable');
          },
        },
      },
    ],
    [
      '/health/disable',
      {
        POST: {
          name: 'health_disable',
          summary: 'Make GET /health fail (503)',
          tag: 'probes',
          responses: { 200: switched('GET /health answers 503 from now on') },
          handler: () => {
            liveness.disable();
            log.warning('liveness disabled by request');
            return ok({ status: 'unhealthy', message: 'GET /health now answers 503; POST /health/enable to undo' });
          },
        },
      },
    ],
    [
      '/health/enable',
      {
        POST: {
          name: 'health_enable',
          summary: 'Make GET /health answer 200 again',
          tag: 'probes',
          responses: { 200: switched('GET /health answers 200 again') },
          handler: () => {
            liveness.enable();
            log.info('liveness enabled by request');
            return ok({ status: 'healthy', message: 'GET /health answers 200 again' });
          },
        },
      },
    ],

    [
      '/ready',
      {
        GET: {
          name: 'ready',
          summary: 'Readiness: should this pod get traffic?',
          description: 'The readiness probe. 503 after POST /ready/disable, and while shutting down.',
          tag: 'probes',
          responses: {
            200: { description: 'Ready', schema: obj({ status: str }) },
            503: { description: 'Not ready, and why', schema: obj({ status: str, reason: str }) },
          },
          handler: () => {
            const reason = readiness.reason;
            return reason === undefined ? ready : ok({ status: 'not ready', reason }, 503);
          },
        },
      },
    ],
    [
      '/ready/disable',
      {
        POST: {
          name: 'ready_disable',
          summary: 'Make GET /ready fail (503): the pod leaves the Service',
          tag: 'probes',
          responses: { 200: switched('GET /ready answers 503 from now on') },
          handler: () => {
            readiness.disable();
            log.warning('readiness disabled by request');
            return ok({ status: 'not ready', message: 'GET /ready now answers 503; POST /ready/enable to undo' });
          },
        },
      },
    ],
    [
      '/ready/enable',
      {
        POST: {
          name: 'ready_enable',
          summary: 'Make GET /ready answer 200 again',
          tag: 'probes',
          responses: {
            200: switched('GET /ready answers 200 again'),
            503: { description: 'Still not ready: shutting down', schema: obj({ status: str, reason: str }) },
          },
          handler: () => {
            readiness.enable();
            log.info('readiness enabled by request');
            return readiness.ready
              ? ok({ status: 'ready', message: 'GET /ready answers 200 again' })
              : ok({ status: 'not ready', reason: readiness.reason }, 503);
          },
        },
      },
    ],

    [
      '/crash',
      {
        POST: {
          name: 'crash',
          summary: 'Answer, then exit with code 1',
          description: 'For the self-healing lesson: the kubelet restarts the container.',
          tag: 'chaos',
          responses: { 200: { description: 'About to exit', schema: obj({ message: str, server: str }) } },
          handler: () => ({
            status: 200,
            body: { message: 'Crashing now: the process exits with code 1', server },
            headers: { Connection: 'close' },
            after: deps.crash,
          }),
        },
      },
    ],

    [
      '/stress',
      {
        GET: {
          name: 'stress',
          summary: 'Keep one CPU core busy for a while',
          description: 'In a worker thread, so the probes keep answering. Capped at MAX_STRESS_SECONDS.',
          tag: 'load',
          query: [
            {
              name: 'seconds',
              type: 'number',
              description: 'How long; capped at MAX_STRESS_SECONDS',
              default: Math.min(DEFAULT_STRESS_SECONDS, config.maxStressSeconds),
            },
          ],
          responses: {
            200: {
              description: 'Done',
              schema: obj({
                message: str,
                stressed_seconds: num,
                seconds: num,
                requested_seconds: num,
                capped: bool,
                elapsed_ms: int,
                server: str,
              }),
            },
            429: error('MAX_STRESS_JOBS jobs are running already (Retry-After: 1)'),
          },
          handler: async ({ params }) => {
            const requested = params.seconds ?? Math.min(DEFAULT_STRESS_SECONDS, config.maxStressSeconds);
            const seconds = Math.min(requested, config.maxStressSeconds);
            try {
              const result = await stress.run(seconds);
              return ok({
                message: `Kept one CPU core busy for ${seconds} s`,
                stressed_seconds: seconds, // the original's name for it
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
      },
    ],

    [
      '/memory',
      {
        GET: {
          name: 'memory',
          summary: 'Allocate and hold more memory, or report what is held',
          description: 'With mb: writes and holds mb MiB more (the total capped at MAX_MEMORY_MB). Without: reports.',
          tag: 'load',
          query: [{ name: 'mb', type: 'integer', description: 'MiB to add; leave out to only report' }],
          responses: {
            200: {
              description: 'What is held now',
              schema: {
                oneOf: [
                  closed(obj({ held_mb: int, max_memory_mb: int, rss_mb: int, server: str })),
                  closed(obj({
                    message: str,
                    requested_mb: int,
                    allocated_mb: int,
                    held_mb: int,
                    max_memory_mb: int,
                    capped: bool,
                    rss_mb: int,
                    server: str,
                  })),
                ],
              },
            },
          },
          handler: async ({ params }) => {
            const mb = params.mb;
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
      },
    ],
    [
      '/memory/release',
      {
        POST: {
          name: 'memory_release',
          summary: 'Give the held memory back',
          tag: 'load',
          responses: { 200: { description: 'Released', schema: obj({ released_mb: int, held_mb: int, server: str }) } },
          handler: () => {
            const released = memory.release();
            return ok({ released_mb: released, held_mb: memory.heldMb, server });
          },
        },
      },
    ],

    [
      '/config',
      {
        GET: {
          name: 'config',
          summary: 'The settings from the environment (ConfigMap), and whether a secret is set',
          description: 'Never a secret\'s value: only whether API_KEY is set and the names of the files in SECRETS_DIR.',
          tag: 'config',
          responses: {
            200: {
              description: 'The settings',
              schema: obj({
                app_name: str,
                app_env: str,
                log_level: str,
                max_stress_seconds: num,
                max_memory_mb: int,
                max_connections: str,
                secret_set: bool,
                secret_files: { type: 'array', items: str },
              }),
            },
          },
          handler: async () =>
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
      },
    ],

    [
      '/version',
      {
        GET: {
          name: 'version',
          summary: 'APP_VERSION, and the pod that answered',
          tag: 'config',
          responses: { 200: { description: 'The version', schema: obj({ version: str, server: str }) } },
          handler: () => ok({ version: config.appVersion, server }),
        },
      },
    ],

    [
      '/info',
      {
        GET: {
          name: 'info',
          summary: 'What the pod knows about itself (downward API)',
          description: 'Defaults without the downward API: the hostname, "unknown", and "not set" for requests and limits.',
          tag: 'config',
          responses: {
            200: {
              description: 'The pod',
              schema: obj({
                pod_name: str,
                pod_ip: str,
                node_name: str,
                namespace: str,
                cpu_request: str,
                cpu_limit: str,
                memory_request: str,
                memory_limit: str,
                server: str,
              }),
            },
          },
          handler: () =>
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
      },
    ],

    [
      '/notes',
      {
        GET: {
          name: 'list_notes',
          summary: 'The notes in DATA_DIR/notes.json',
          tag: 'storage',
          responses: {
            200: {
              description: 'Every note',
              schema: obj({ notes: { type: 'array', items: NOTE_SCHEMA }, count: int, data_dir: str, server: str }),
            },
            500: error('DATA_DIR cannot be read'),
          },
          handler: () =>
            storage(async () => {
              const list = await notes.list();
              return ok({ notes: list, count: list.length, data_dir: notes.dir, server });
            }),
        },
        POST: {
          name: 'add_note',
          summary: 'Add a note to DATA_DIR/notes.json',
          description: 'On an emptyDir the notes die with the pod; on a PersistentVolumeClaim they outlive it.',
          tag: 'storage',
          body: {
            description: 'The note',
            schema: obj({ text: { type: 'string', minLength: 1, maxLength: MAX_NOTE_LENGTH } }),
            example: { text: 'hello from the docs page' },
          },
          responses: { 201: { description: 'The note, as stored', schema: NOTE_SCHEMA }, 500: error('DATA_DIR cannot be written') },
          handler: async ({ body }) => {
            const text = noteText(body);
            return storage(async () => ok(await notes.add(text), 201));
          },
        },
      },
    ],

    // The documentation of everything above, from this table (docs.ts is loaded on the first request).
    [
      '/openapi.json',
      {
        GET: {
          name: 'openapi',
          summary: 'The OpenAPI 3.1 document',
          tag: 'docs',
          hidden: true,
          responses: { 200: { description: 'OpenAPI 3.1', schema: { type: 'object' } } },
          handler: async () => ({ status: 200, body: (await import('./docs.ts')).openApiJson(routes, config) }),
        },
      },
    ],
    [
      '/docs',
      {
        GET: {
          name: 'swagger_ui_html',
          summary: 'The operations, and a form to try each one (self-contained HTML)',
          tag: 'docs',
          hidden: true,
          responses: { 200: { description: 'HTML' } },
          handler: async () => ({ status: 200, body: (await import('./docs.ts')).docsHtml(routes, config), type: 'text/html; charset=utf-8' }),
        },
      },
    ],
    [
      '/redoc',
      {
        GET: {
          name: 'redoc_html',
          summary: 'Redirects to /docs',
          tag: 'docs',
          hidden: true,
          responses: { 307: { description: 'To /docs' } },
          // Relative, so that it works behind a path prefix too (kubectl proxy, the API server's service proxy).
          handler: () => ({ status: 307, body: Buffer.alloc(0), type: null, headers: { Location: 'docs' } }),
        },
      },
    ],
  ]);
  return routes;
}

/** The note's text, checked as pydantic checks `text: str = Field(min_length=1, max_length=MAX_NOTE_LENGTH)`:
 * lengths in characters (code points, so an emoji is one), and the text kept as sent. */
function noteText(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError({ type: 'model_attributes_type', loc: ['body'], msg: 'body must be a JSON object like {"text": "..."}', input: body });
  }
  const loc = ['body', 'text'];
  if (!Object.hasOwn(body, 'text')) throw new ValidationError({ type: 'missing', loc, msg: 'field "text" is required', input: body });
  const text = (body as Record<string, unknown>).text;
  if (typeof text !== 'string') throw new ValidationError({ type: 'string_type', loc, msg: 'field "text" must be a string', input: text });
  let length = 0;
  for (const _ of text) length++;
  if (length < 1) throw new ValidationError({ type: 'string_too_short', loc, msg: 'field "text" must not be empty', input: text });
  if (length > MAX_NOTE_LENGTH) {
    throw new ValidationError({ type: 'string_too_long', loc, msg: `field "text" is longer than ${MAX_NOTE_LENGTH} characters (${length})`, input: text });
  }
  return text;
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
    // node:fs/promises only when asked: loading it at startup costs memory on every request's behalf.
    const { readdir } = process.getBuiltinModule('node:fs/promises');
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}
