// Small HTTP helpers: errors that carry a status, replies, reading a bounded JSON body,
// and parsing numeric query parameters. Error bodies use FastAPI's shape: {"detail": "..."}.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  constructor(status: number, detail: string, headers: OutgoingHttpHeaders = {}) {
    super(detail);
    this.status = status;
    this.headers = headers;
  }
}

export interface Reply {
  status: number;
  /** A Buffer or (with `type`) a string is sent as is; anything else goes through JSON.stringify. */
  body: unknown;
  /** Content-Type when the body is not JSON; null sends none (an empty redirect). */
  type?: string | null;
  headers?: OutgoingHttpHeaders;
  /** Runs once the response has been flushed (used by /crash). */
  after?: () => void;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });

const JSON_TYPE = 'application/json';

/** Sends a reply with one writeHead(): the reply's own headers (undefined values left out), then
 * Content-Type and Content-Length. */
export function send(res: ServerResponse, reply: Reply): void {
  const payload = Buffer.isBuffer(reply.body)
    ? reply.body
    : Buffer.from(reply.type !== undefined && typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  let headers: OutgoingHttpHeaders;
  if (reply.headers === undefined && reply.type === undefined) {
    headers = { 'Content-Type': JSON_TYPE, 'Content-Length': payload.length };
  } else {
    headers = {};
    for (const name of Object.keys(reply.headers ?? {})) {
      const value = reply.headers![name];
      const lower = name.toLowerCase();
      if (value !== undefined && lower !== 'content-type' && lower !== 'content-length') headers[name] = value;
    }
    const type = reply.type === undefined ? JSON_TYPE : reply.type;
    if (type !== null) headers['Content-Type'] = type;
    headers['Content-Length'] = payload.length;
  }
  if (reply.after) res.once('finish', reply.after);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Whether a Content-Type names JSON the way FastAPI decides it: type application, subtype json or
 * *+json, parameters (charset) ignored, case-insensitive. */
export function isJsonType(contentType: string): boolean {
  const semi = contentType.indexOf(';');
  const media = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (!media.startsWith('application/')) return false;
  const subtype = media.slice('application/'.length);
  return subtype === 'json' || (subtype.endsWith('+json') && /^[a-z0-9!#$&^_.+-]+$/.test(subtype));
}

/** Reads the whole body, refusing more than `limit` bytes (413), an empty one (400), a Content-Type
 * that is not JSON (415) and anything that does not parse (400). Like FastAPI, a body without a
 * Content-Type header (or an empty one) is read as JSON; FastAPI decides the same way, after reading the body. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, `request body is ${declared} bytes; the limit is ${limit} bytes`, { Connection: 'close' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        throw new HttpError(413, `request body is over the limit of ${limit} bytes`, { Connection: 'close' });
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    // The client went away mid-body ("aborted", ECONNRESET): nobody is left to answer.
    throw new HttpError(400, 'the request body was cut off', { Connection: 'close' });
  }
  const text = Buffer.concat(chunks, size).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'request body is empty; send JSON');
  const type = req.headers['content-type'];
  if (type !== undefined && type.trim() !== '' && !isJsonType(type)) {
    const shown = type.length > 100 ? `${type.slice(0, 100)}…` : type;
    throw new HttpError(415, `Unsupported Media Type: send the body as application/json, not ${JSON.stringify(shown)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

/** The part of URLSearchParams handlers use: they read the query, never change it. */
export type Query = Pick<URLSearchParams, 'get' | 'getAll' | 'has'>;

/** The query of every request without one (most of them): shared, hence read-only. */
const NO_QUERY: Query = new URLSearchParams();

/** Splits a request target into its path and query without URL-parsing the path
 * (a target such as "//x" must stay a path, not become a host). */
export function splitTarget(target: string | undefined): { path: string; query: Query } {
  const t = target ?? '/';
  const q = t.indexOf('?');
  return q === -1 ? { path: t, query: NO_QUERY } : { path: t.slice(0, q), query: new URLSearchParams(t.slice(q + 1)) };
}

/** A non-negative number from the query string; undefined when absent; 400 when malformed. */
export function numberParam(query: Query, name: string, opts: { integer?: boolean } = {}): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const s = raw.trim();
  if (s.startsWith('-') && Number.isFinite(Number(s))) {
    throw new HttpError(400, `${name} must not be negative (got ${JSON.stringify(raw)})`);
  }
  const pattern = opts.integer ? /^\d+$/ : /^(\d+(\.\d*)?|\.\d+)$/;
  if (!pattern.test(s)) {
    const kind = opts.integer ? 'a whole number' : 'a number';
    throw new HttpError(400, `${name} must be ${kind} (got ${JSON.stringify(raw)})`);
  }
  const value = Number(s);
  if (!Number.isFinite(value)) throw new HttpError(400, `${name} is too large (got ${JSON.stringify(raw)})`);
  return value;
}
