// Builds the HTTP server: dispatch through the route table, uniform errors, one log line per request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Config } from './config.ts';
import { HttpError, send, splitTarget, type Reply } from './http.ts';
import type { Logger } from './log.ts';
import { MemoryHog } from './memory.ts';
import { NotesStore } from './notes.ts';
import { Readiness } from './readiness.ts';
import { buildRoutes, type Handler, type Method } from './routes.ts';
import { StressRunner } from './stress.ts';

export interface App {
  server: Server;
  readiness: Readiness;
  stress: StressRunner;
  memory: MemoryHog;
}

const PROBES = new Set(['/health', '/ready']);

export function createApp(config: Config, log: Logger, crash: () => void): App {
  const readiness = new Readiness();
  const stress = new StressRunner(config.maxStressJobs);
  const memory = new MemoryHog(config.maxMemoryMb);
  const notes = new NotesStore(config.dataDir, config.hostname, log);
  const routes = buildRoutes({ config, log, readiness, stress, memory, notes, crash });

  const notFound: Reply = { status: 404, body: { detail: 'Not Found' } };

  async function dispatch(req: IncomingMessage, path: string, query: URLSearchParams): Promise<Reply> {
    const route = routes.get(path);
    if (!route) return notFound;
    const method = (req.method === 'HEAD' ? 'GET' : req.method) as Method;
    const handler: Handler | undefined = route[method];
    if (!handler) {
      const allow = Object.keys(route).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
      return { status: 405, body: { detail: 'Method Not Allowed' }, headers: { Allow: allow.join(', ') } };
    }
    return handler({ req, query });
  }

  function logRequest(req: IncomingMessage, res: ServerResponse, path: string, started: number): void {
    const status = res.statusCode;
    const level = status >= 500 && !PROBES.has(path) ? 'error' : PROBES.has(path) && status < 400 ? 'debug' : 'info';
    if (!log.enabled(level)) return;
    const fields: Record<string, unknown> = {
      method: req.method,
      path,
      status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
    };
    if (!res.writableFinished) fields.aborted = true;
    log.log(level, 'request', fields);
  }

  const server = createServer(async (req, res) => {
    const started = performance.now();
    const { path, query } = splitTarget(req.url);
    res.once('close', () => logRequest(req, res, path, started));
    // While shutting down, every response closes its connection, so keep-alive clients reconnect
    // through the Service and land on a pod that is staying.
    if (readiness.shuttingDown) res.setHeader('Connection', 'close');
    let reply: Reply;
    try {
      reply = await dispatch(req, path, query);
    } catch (err) {
      if (err instanceof HttpError) {
        reply = { status: err.status, body: { detail: err.message }, headers: err.headers };
      } else {
        log.error('unhandled error', { method: req.method, path, error: err instanceof Error ? err.message : String(err) });
        reply = { status: 500, body: { detail: 'Internal Server Error' } };
      }
    }
    if (res.headersSent || res.destroyed) return;
    send(res, reply);
  });
  // A request body that stalls must not hold a connection (and so shutdown) for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;

  return { server, readiness, stress, memory };
}
