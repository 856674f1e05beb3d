// Builds the HTTP server: dispatch through the route table, uniform errors, one log line per request.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Config } from './config.ts';
import { HttpError, numberParam, readJsonBody, send, splitTarget, ValidationError, type Query, type Reply } from './http.ts';
import type { Logger } from './log.ts';
import { MemoryHog } from './memory.ts';
import { NotesStore } from './notes.ts';
import { Liveness, Readiness } from './readiness.ts';
import { buildRoutes, type Method, type Operation } from './routes.ts';
import { StressRunner } from './stress.ts';

export interface App {
  server: Server;
  readiness: Readiness;
  stress: StressRunner;
  memory: MemoryHog;
}

// Not `import … from 'node:http'`: an ES module import of node:http evaluates every export of it,
// and its WebSocket, MessageEvent and CloseEvent getters load undici, about 13 MiB of resident
// memory this server never uses. getBuiltinModule() hands over the module without touching them.
const { createServer } = process.getBuiltinModule('node:http');

const PROBES = new Set(['/health', '/ready']);

const NO_PARAMS: Readonly<Record<string, number | undefined>> = Object.freeze({});

/** The operation's query parameters, parsed (422 when one is malformed); absent ones are undefined. */
function parseParams(op: Operation, query: Query): Record<string, number | undefined> {
  const params: Record<string, number | undefined> = {};
  for (const p of op.query ?? []) params[p.name] = numberParam(query, p.name, { integer: p.type === 'integer' });
  return params;
}

export function createApp(config: Config, log: Logger, crash: () => void): App {
  const readiness = new Readiness();
  const liveness = new Liveness();
  const stress = new StressRunner(config.maxStressJobs);
  const memory = new MemoryHog(config.maxMemoryMb);
  const notes = new NotesStore(config.dataDir, config.hostname, log);
  const routes = buildRoutes({ config, log, readiness, liveness, stress, memory, notes, crash });

  const notFound: Reply = { status: 404, body: Buffer.from(JSON.stringify({ detail: 'Not Found' })) };

  /** Like FastAPI (Starlette's redirect_slashes): a path that matches no route but would with its
   * trailing slash removed (or added) is answered 307 to that path, whatever the method, keeping
   * the query string. The Location is absolute, from the Host header, as Starlette writes it. */
  function slashRedirect(req: IncomingMessage, path: string): Reply | undefined {
    if (path === '/') return undefined;
    const other = path.endsWith('/') ? path.replace(/\/+$/, '') : `${path}/`;
    if (!routes.has(other)) return undefined;
    const target = req.url ?? path;
    const q = target.indexOf('?');
    const location = `${req.headers.host ? `http://${req.headers.host}` : ''}${other}${q === -1 ? '' : target.slice(q)}`;
    return { status: 307, body: Buffer.alloc(0), type: null, headers: { Location: location } };
  }

  /** The handler's reply: synchronous handlers (GET /, the probes) answer without a promise. */
  function dispatch(req: IncomingMessage, path: string, query: Query): Reply | Promise<Reply> {
    const route = routes.get(path);
    if (!route) return slashRedirect(req, path) ?? notFound;
    const method = (req.method === 'HEAD' ? 'GET' : req.method) as Method;
    const op: Operation | undefined = Object.hasOwn(route, method) ? route[method] : undefined; // not an inherited key
    if (!op) {
      const allow = Object.keys(route).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
      return { status: 405, body: { detail: 'Method Not Allowed' }, headers: { Allow: allow.join(', ') } };
    }
    // Parameters and body as the operation declares them (and /openapi.json documents them).
    const params = op.query === undefined ? NO_PARAMS : parseParams(op, query);
    if (op.body !== undefined) return readJsonBody(req, config.maxBodyBytes).then((body) => op.handler({ req, params, body }));
    return op.handler({ req, params, body: undefined });
  }

  function errorReply(req: IncomingMessage, path: string, err: unknown): Reply {
    if (err instanceof ValidationError) return { status: 422, body: { detail: [err.issue] } };
    if (err instanceof HttpError) return { status: err.status, body: { detail: err.message }, headers: err.headers };
    log.error('unhandled error', { method: req.method, path, error: err instanceof Error ? err.message : String(err) });
    return { status: 500, body: { detail: 'Internal Server Error' } };
  }

  function reply(res: ServerResponse, r: Reply): void {
    if (res.headersSent || res.destroyed) return;
    send(res, r);
  }

  /** The request's access-log line; aborted when the client went away before the reply was out. */
  function logRequest(req: IncomingMessage, res: ServerResponse, path: string, started: number, aborted: boolean): void {
    const status = res.statusCode;
    const probe = PROBES.has(path);
    const level = status >= 500 && !probe ? 'error' : probe && status < 400 ? 'debug' : 'info';
    log.request(level, req.method ?? '', path, status, Math.round((performance.now() - started) * 100) / 100, aborted);
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const { path, query } = splitTarget(req.url);
    // While shutting down, every response closes its connection, so keep-alive clients reconnect
    // through the Service and land on a pod that is staying.
    if (readiness.shuttingDown) res.setHeader('Connection', 'close');
    let result: Reply | Promise<Reply>;
    try {
      result = dispatch(req, path, query);
    } catch (err) {
      result = errorReply(req, path, err);
    }
    if (result instanceof Promise) {
      // The client may go away while the handler works: log once the response closes, either way.
      // A response emits 'close' once, so on() does what once() would, without once()'s wrapper.
      res.on('close', () => logRequest(req, res, path, started, !res.writableFinished));
      result.then(
        (r) => reply(res, r),
        (err: unknown) => reply(res, errorReply(req, path, err)),
      );
    } else {
      // Answered at once (GET /, the probes: the hot path), so logged at once, without a listener per request.
      reply(res, result);
      logRequest(req, res, path, started, res.destroyed);
    }
  });
  // A request body that stalls must not hold a connection (and so shutdown) for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;

  return { server, readiness, stress, memory };
}
