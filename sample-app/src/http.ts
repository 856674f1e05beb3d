// Small HTTP helpers: errors that carry a status, replies, reading a bounded JSON body,
// and parsing numeric query parameters. Error bodies use FastAPI's shapes: {"detail": "..."}, and for a
// request that fails validation 422 {"detail": [{"type", "loc", "msg", "input"}]}.
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

/** One entry of FastAPI's 422 answer: pydantic's error type, where the bad value was, a one-line sentence, the value. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

/** A request that does not match what the operation declares: 422, in FastAPI's shape. */
export class ValidationError extends HttpError {
  override name = 'ValidationError';
  readonly issue: ValidationIssue;
  constructor(issue: ValidationIssue) {
    super(422, issue.msg);
    this.issue = issue;
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

// fatal: bytes that are not UTF-8 are refused, not replaced with U+FFFD. One decoder serves every request.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads the whole body, refusing more than `limit` bytes (413), bytes that are not UTF-8 (400, as
 * FastAPI), an empty body (422), a Content-Type that is not JSON (415) and anything that does not
 * parse (422). Like FastAPI, a body without a
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
  let text: string;
  try {
    text = utf8.decode(Buffer.concat(chunks, size));
  } catch {
    throw new HttpError(400, 'There was an error parsing the body: it is not valid UTF-8');
  }
  if (text.trim() === '') throw new ValidationError({ type: 'missing', loc: ['body'], msg: 'request body is empty; send JSON', input: null });
  const type = req.headers['content-type'];
  if (type !== undefined && type.trim() !== '' && !isJsonType(type)) {
    const shown = type.length > 100 ? `${type.slice(0, 100)}…` : type;
    throw new HttpError(415, `Unsupported Media Type: send the body as application/json, not ${JSON.stringify(shown)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // FastAPI's loc is ["body", the offset of the error]; V8's message names it.
    const at = /position (\d+)/.exec((err as Error).message);
    const loc = at ? ['body', Number(at[1])] : ['body'];
    throw new ValidationError({ type: 'json_invalid', loc, msg: 'request body is not valid JSON', input: {} });
  }
}

/** The part of URLSearchParams handlers use: they read the query, never change it. */
export type Query = Pick<URLSearchParams, 'get' | 'getAll' | 'has'>;

/** The query of every request without one (most of them): shared, hence read-only. */
const NO_QUERY: Query = new URLSearchParams();

/** Splits a request target into its path and query without URL-parsing the path
 * (a target such as "//x" must stay a path, not become a host). The path is percent-decoded, as
 * uvicorn does (`/%68ealth` is `/health`), only when it has a '%': most requests pay nothing. */
export function splitTarget(target: string | undefined): { path: string; query: Query } {
  const t = target ?? '/';
  const q = t.indexOf('?');
  const raw = q === -1 ? t : t.slice(0, q);
  const path = raw.includes('%') ? decodePath(raw) : raw;
  return q === -1 ? { path, query: NO_QUERY } : { path, query: new URLSearchParams(t.slice(q + 1)) };
}

/** A malformed escape ("%zz", or bytes that are not UTF-8) leaves the path as sent: it then matches no route (404). */
function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const DECIMAL = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const WHOLE = /^\d+$/;

/** A non-negative number from the query string, in decimal or exponent notation (what a client
 * writes for a JSON Schema number: `6.103515625e-05`); undefined when absent; 422 when malformed.
 * A repeated parameter takes its last value, as FastAPI does. */
export function numberParam(query: Query, name: string, opts: { integer?: boolean } = {}): number | undefined {
  const all = query.getAll(name);
  if (all.length === 0) return undefined;
  const raw = all[all.length - 1]!;
  const trimmed = raw.trim();
  const loc = ['query', name];
  // "-0" and "-0.0" are zero, which the schema's minimum allows.
  const s = trimmed.startsWith('-') ? trimmed.slice(1) : trimmed;
  if (s !== trimmed && (opts.integer ? WHOLE : DECIMAL).test(s) && Number(s) !== 0) {
    throw new ValidationError({ type: 'greater_than_equal', loc, msg: `${name} must not be negative (got ${JSON.stringify(raw)})`, input: raw });
  }
  if (!(opts.integer ? WHOLE : DECIMAL).test(s)) {
    const kind = opts.integer ? 'a whole number' : 'a number';
    throw new ValidationError({ type: opts.integer ? 'int_parsing' : 'float_parsing', loc, msg: `${name} must be ${kind} (got ${JSON.stringify(raw)})`, input: raw });
  }
  const value = Number(s);
  if (!Number.isFinite(value)) {
    throw new ValidationError({ type: 'finite_number', loc, msg: `${name} is too large (got ${JSON.stringify(raw)})`, input: raw });
  }
  return value;
}
