import { HttpMethod, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';

/**
 * Plain-JSON requests to the API server, authenticated and dialled exactly as @kubernetes/client-node
 * does it (its RequestContext, applySecurityAuthentication and undici dispatcher).
 *
 * Why not KubernetesObjectApi: it runs every body through the typed ObjectSerializer, which turns
 * timestamps into Date objects, drops fields it does not know, and cannot send a JSON patch (an
 * array). The tutor compares partial objects and sends all three patch types, so it needs the JSON
 * exactly as the server speaks it. Watches and logs go through the client's own classes.
 */

export class ApiError extends Error {
  constructor(readonly code: number, readonly body: string, method: string, path: string) {
    super(`${method} ${path} → ${code}: ${summary(body)}`);
    this.name = 'ApiError';
  }
}

function summary(body: string): string {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  text: string;
}

export class ApiHttp {
  constructor(private readonly kc: KubeConfig, private readonly server: string, private readonly defaultTimeoutMs = 15_000) {}

  async raw(method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', path: string, options: RequestOptions = {}): Promise<RawResponse> {
    const url = new URL(this.server.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const ctx = new RequestContext(url.toString(), HttpMethod[method]);
    ctx.setHeaderParam('Accept', options.accept ?? 'application/json');
    if (options.body !== undefined) {
      ctx.setHeaderParam('Content-Type', options.contentType ?? 'application/json');
      ctx.setBody(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    }
    await this.kc.applySecurityAuthentication(ctx);
    const response = await fetch(ctx.getUrl(), {
      method,
      headers: ctx.getHeaders(),
      body: ctx.getBody() as string | undefined,
      dispatcher: ctx.getDispatcher(),
      signal: AbortSignal.timeout(options.timeoutMs ?? this.defaultTimeoutMs),
    });
    return { status: response.status, text: await response.text() };
  }

  async json<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', path: string, options: RequestOptions = {}): Promise<T> {
    const { status, text } = await this.raw(method, path, options);
    if (status < 200 || status >= 300) throw new ApiError(status, text, method, path);
    return (text ? JSON.parse(text) : {}) as T;
  }
}
