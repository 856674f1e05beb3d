import type { KubeConfig } from '@kubernetes/client-node';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions as HttpsRequestOptions } from 'node:https';
import { ApiError } from '../errors.js';

/**
 * Plain-JSON requests to the API server. @kubernetes/client-node supplies the credentials, CA, TLS
 * server name and proxy agent (KubeConfig.applyToHTTPSOptions, as for its own WebSocket calls);
 * node:https sends them. Going through client-node's own fetch (undici) instead cost `check` about a
 * fifth of its run time in start-up work (README, Performance). The agent client-node hands over does
 * not keep connections alive, so each request makes its own TLS connection, which a local cluster answers in a few ms.
 *
 * Why not KubernetesObjectApi: it runs every body through the typed ObjectSerializer, which turns
 * timestamps into Date objects, drops fields it does not know, and cannot send a JSON patch (an
 * array). The tutor compares partial objects and sends all three patch types, so it needs the JSON
 * exactly as the server speaks it. Watches and logs go through the client's own classes.
 */

// ApiError lives in src/errors.ts with the tutor's other error classes; re-exported for the kube modules.
export { ApiError };

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
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const request: HttpsRequestOptions = {
      method,
      headers: { Accept: options.accept ?? 'application/json', ...(body === undefined ? {} : { 'Content-Type': options.contentType ?? 'application/json' }) },
      signal: AbortSignal.timeout(options.timeoutMs ?? this.defaultTimeoutMs),
    };
    await this.kc.applyToHTTPSOptions(request);
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<RawResponse>((resolve, reject) => {
      const outgoing = send(url, request, (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  async json<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', path: string, options: RequestOptions = {}): Promise<T> {
    const { status, text } = await this.raw(method, path, options);
    if (status < 200 || status >= 300) throw new ApiError(status, text, method, path);
    return (text ? JSON.parse(text) : {}) as T;
  }
}
