// /openapi.json and /docs, written from the route table that the router dispatches through (routes.ts),
// so that what they document is what the server does. Loaded on the first request for either, so
// that the server does not carry this code (or the documents) until someone asks.
import type { Config } from './config.ts';
import { statusCodes, VALIDATION_SCHEMAS, type Method, type Operation, type Routes } from './routes.ts';

/** Operations in table order, the hidden ones (the docs routes themselves) left out. */
export function documentedOperations(routes: Routes): { path: string; method: Method; op: Operation }[] {
  const out: { path: string; method: Method; op: Operation }[] = [];
  for (const [path, route] of routes) {
    for (const method of Object.keys(route) as Method[]) {
      const op = route[method]!;
      if (!op.hidden) out.push({ path, method, op });
    }
  }
  return out;
}

/** FastAPI's generate_unique_id: the function's name and the path, every non-word character made '_',
 * then the method ("health_health_get", "root__get", "memory_release_memory_release_post"). */
export const operationId = (path: string, method: Method, op: Pick<Operation, 'name'>): string =>
  `${`${op.name}${path}`.replace(/\W/g, '_')}_${method.toLowerCase()}`;

/** The OpenAPI 3.1 document, as an object. */
export function openApi(routes: Routes, config: Pick<Config, 'appName' | 'appVersion'>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags: string[] = [];
  for (const { path, method, op } of documentedOperations(routes)) {
    if (!tags.includes(op.tag)) tags.push(op.tag);
    const operation: Record<string, unknown> = {
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      operationId: operationId(path, method, op),
    };
    if (op.query?.length) {
      operation.parameters = op.query.map((p) => ({
        name: p.name,
        in: 'query',
        required: false,
        description: p.description,
        schema: { type: p.type, minimum: 0, ...(p.default === undefined ? {} : { default: p.default }) },
      }));
    }
    if (op.body) {
      operation.requestBody = {
        required: true,
        description: op.body.description,
        content: { 'application/json': { schema: op.body.schema, example: op.body.example } },
      };
    }
    const responses: Record<string, unknown> = {};
    for (const [code, r] of Object.entries(statusCodes(op))) {
      responses[code] = { description: r.description, ...(r.schema ? { content: { 'application/json': { schema: r.schema } } } : {}) };
    }
    operation.responses = responses;
    (paths[path] ??= {})[method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: config.appName,
      version: config.appVersion,
      description:
        'The k8s-tutor sample app (the guide\'s fastapi-k8s, on node:http). Errors are {"detail": "..."}, and a ' +
        'request that fails validation is 422 {"detail": [{"type", "loc", "msg", "input"}]}, as in FastAPI; ' +
        'an unknown path is 404, a wrong method 405, and a path with a trailing slash too many is redirected (307).',
    },
    tags: tags.map((name) => ({ name })),
    paths,
    components: { schemas: VALIDATION_SCHEMAS },
  };
}

const cache = new WeakMap<Routes, { json?: Buffer; html?: Buffer }>();
const cached = (routes: Routes) => {
  let c = cache.get(routes);
  if (!c) cache.set(routes, (c = {}));
  return c;
};

export function openApiJson(routes: Routes, config: Pick<Config, 'appName' | 'appVersion'>): Buffer {
  const c = cached(routes);
  return (c.json ??= Buffer.from(JSON.stringify(openApi(routes, config))));
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The /docs page: every operation with its parameters, body and answers, and a form that sends it with
 * fetch(). Self-contained (no CDN, no external file), so it works without internet. Paths are relative
 * to the page, so it also works behind a path prefix (kubectl proxy, the API server's service proxy). */
export function docsHtml(routes: Routes, config: Pick<Config, 'appName' | 'appVersion'>): Buffer {
  const c = cached(routes);
  return (c.html ??= Buffer.from(renderHtml(routes, config)));
}

function renderHtml(routes: Routes, config: Pick<Config, 'appName' | 'appVersion'>): string {
  const ops = documentedOperations(routes);
  const sections = ops.map(({ path, method, op }) => {
    const id = operationId(path, method, op);
    const params = (op.query ?? [])
      .map(
        (p) =>
          `<label>${esc(p.name)} <small>(query, ${p.type} ≥ 0, optional)</small> <input name="${esc(p.name)}" inputmode="decimal"` +
          `${p.default === undefined ? '' : ` placeholder="${p.default}"`}> <small>${esc(p.description)}</small></label>`,
      )
      .join('');
    const body = op.body
      ? `<label>body <small>(application/json, required)</small><textarea name="__body" rows="3">${esc(JSON.stringify(op.body.example))}</textarea></label>`
      : '';
    const answers = Object.entries(statusCodes(op))
      .map(([code, r]) => `<li><b>${code}</b> ${esc(r.description)}</li>`)
      .join('');
    const warn = path === '/crash' ? ' <small class="warn">(ends the process: the kubelet restarts it)</small>' : '';
    return `<details id="${id}"><summary><span class="m ${method.toLowerCase()}">${method}</span> <code>${esc(path)}</code> ${esc(op.summary)}${warn}</summary>
${op.description ? `<p>${esc(op.description)}</p>` : ''}<ul class="answers">${answers}</ul>
<form data-method="${method}" data-path="${esc(path)}">${params}${body}<button>Send ${method} ${esc(path)}</button></form><pre class="out" hidden></pre></details>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(config.appName)} ${esc(config.appVersion)}: API</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#222}
details{border:1px solid #ccc;border-radius:6px;margin:.5rem 0;padding:.4rem .7rem}
summary{cursor:pointer}code{font-size:1.05em}
.m{display:inline-block;min-width:3.3rem;text-align:center;border-radius:4px;color:#fff;font-weight:600;font-size:.85em;padding:1px 4px}
.get{background:#2a7ab0}.post{background:#3a8a3a}.warn{color:#b00}
label{display:block;margin:.3rem 0}input{width:8rem}textarea{display:block;width:100%;font-family:monospace}
pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:24rem}.answers{margin:.2rem 0}
</style></head><body>
<h1>${esc(config.appName)} <small>${esc(config.appVersion)}</small></h1>
<p>${ops.length} operations, from the same table the server dispatches through. Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).
Errors are <code>{"detail": "..."}</code>; a request that fails validation is 422 <code>{"detail": [{"type", "loc", "msg", "input"}]}</code>. Open an operation, then <i>Send</i>: the request goes to this server with <code>fetch()</code>.</p>
${sections.join('\n')}
<script>
for (const form of document.querySelectorAll('form[data-path]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = form.nextElementSibling;
    out.hidden = false;
    const method = form.dataset.method;
    // relative to this page, so that a path prefix in front of /docs is kept
    const url = new URL('.' + form.dataset.path, location.href);
    const init = { method, headers: {} };
    for (const input of form.querySelectorAll('input')) if (input.value.trim() !== '') url.searchParams.set(input.name, input.value.trim());
    const body = form.querySelector('textarea');
    if (body) { init.body = body.value; init.headers['Content-Type'] = 'application/json'; }
    out.textContent = method + ' ' + url.pathname + url.search + ' …';
    const started = performance.now();
    try {
      const res = await fetch(url, init);
      const text = await res.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
      out.textContent = method + ' ' + url.pathname + url.search + '\\n' + res.status + ' ' + res.statusText + ' in ' + Math.round(performance.now() - started) + ' ms\\n' +
        'content-type: ' + (res.headers.get('content-type') ?? '') + '\\n\\n' + shown;
    } catch (err) {
      out.textContent = method + ' ' + url.pathname + url.search + '\\nno answer: ' + err;
    }
  });
}
</script>
</body></html>
`;
}
