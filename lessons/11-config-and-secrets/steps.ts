import { APP, type LessonContext } from '../kit.js';

/**
 * The work behind lesson 11's steps: each look at the cluster or the app, as the lines the learner
 * sees. The words of the lesson's steps stay in lesson.ts.
 */

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * `kubectl get configmap -o yaml` and `kubectl describe secret`: the ConfigMap's keys and values, the
 * Secret's keys with their sizes only, and how stringData, data and base64 relate.
 */
export async function whatEachHolds(ctx: LessonContext, config: string, secrets: string): Promise<string[]> {
  const [cm, secret] = await Promise.all([ctx.kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: config }), ctx.kube.get({ apiVersion: 'v1', kind: 'Secret', name: secrets })]);
  if (!cm || !secret) return [`Not there yet: ${[cm ? '' : `ConfigMap ${config}`, secret ? '' : `Secret ${secrets}`].filter(Boolean).join(' and ')} (the step above is yours).`];
  const data = (cm.data as Record<string, string> | undefined) ?? {};
  const secretData = (secret.data as Record<string, string> | undefined) ?? {};
  return [
    `ConfigMap ${config}:`,
    ...Object.entries(data).map(([k, v]) => `  ${k}: ${v}`),
    `Secret ${secrets} (type ${String(secret.type)}): values hidden, as kubectl describe does`,
    ...Object.entries(secretData).map(([k, v]) => `  ${k}: ${Buffer.from(v, 'base64').length} bytes`),
    '',
    'config.yaml writes the Secret under stringData: plain text, which the API server encodes into data',
    '(base64) when it stores it. Under data you write the base64 yourself:',
    `  $ echo -n "my-secret-value" | base64      →  ${b64('my-secret-value')}`,
    `  $ echo "my-secret-value" | base64         →  ${b64('my-secret-value\n')}`,
    'Without -n, echo adds a newline, and base64 encodes it too (the trailing "Cg"): the app would get',
    '"my-secret-value\\n", and a password with a newline at the end matches nothing.',
  ];
}

/** GET /config through the Service: the settings the app runs with, and whether it got the secret (never its value). */
export async function configThroughService(ctx: LessonContext): Promise<string[]> {
  const answer = await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, '/config');
  if (answer.status !== 200) return [`GET /config answered ${answer.status}: the app is not serving yet (kubectl get pods -n ${ctx.namespace})`];
  const c = JSON.parse(answer.body) as Record<string, unknown>;
  return [
    `app_env=${String(c.app_env)}  log_level=${String(c.log_level)}  max_connections=${String(c.max_connections)}`,
    `secret_set=${String(c.secret_set)}  secret_files=${JSON.stringify(c.secret_files)}   (the app says whether it got the secret, never what it is)`,
  ];
}
