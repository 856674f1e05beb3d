import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A file the page needs, served as is. */
export interface Asset {
  type: string;
  body: string;
}

export interface ViewServer {
  /** The page's address, token included: the only way in. */
  url: string;
  port: number;
  /** Sends a new state to every open page. */
  publish(state: unknown): void;
  /** Resolves when a page first connects to the live stream. */
  firstPage: Promise<void>;
  close(): Promise<void>;
}

// Nothing but the page's own files and stream: no inline script, no frame, no form, no other origin.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
const KEEPALIVE_MS = 15_000;

/**
 * Serves the live view on 127.0.0.1, on a free port. Every request must name the random token as
 * the first path segment (relative links in the page carry it) and come with a Host header of this
 * very address, so that another site cannot reach it through DNS rebinding. Read-only: GET and HEAD.
 */
export async function startViewServer(options: { assets: Record<string, Asset>; current: () => unknown }): Promise<ViewServer> {
  const token = randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  const streams = new Set<ServerResponse>();
  let port = 0;
  let markFirst!: () => void;
  const firstPage = new Promise<void>((resolve) => (markFirst = resolve));

  const deny = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${text}\n`);
  };

  const tokenMatches = (given: string) => {
    const buffer = Buffer.from(given);
    return buffer.length === expected.length && timingSafeEqual(buffer, expected);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return deny(res, 403, 'forbidden: unexpected Host');
    const path = (req.url ?? '/').split('?')[0]!;
    const [, given = '', ...rest] = path.split('/');
    if (!tokenMatches(given)) return deny(res, 403, 'forbidden: open the address the tutor printed');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return deny(res, 405, 'read-only');
    }
    // The page's links are relative to /TOKEN/, so the address must end with the slash.
    if (rest.length === 0) {
      res.writeHead(302, { ...SECURITY_HEADERS, Location: `/${given}/` });
      return res.end();
    }
    const name = rest.join('/') || 'index.html';
    if (name === 'events') return openStream(res);
    if (name === 'state') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(options.current()));
    }
    const asset = Object.hasOwn(options.assets, name) ? options.assets[name] : undefined;
    if (!asset) return deny(res, 404, 'not found');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': asset.type });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  };

  const openStream = (res: ServerResponse) => {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(`data: ${JSON.stringify(options.current())}\n\n`);
    streams.add(res);
    res.on('close', () => streams.delete(res));
    markFirst();
  };

  const server = createServer(handle);
  const keepalive = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only; port 0: the system picks a free one.
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    port,
    firstPage,
    publish(state) {
      const message = `data: ${JSON.stringify(state)}\n\n`;
      for (const res of streams) res.write(message);
    },
    close() {
      clearInterval(keepalive);
      for (const res of streams) res.end();
      streams.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
