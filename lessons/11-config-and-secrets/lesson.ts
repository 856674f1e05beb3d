import { learnerManifest } from '../../src/course/workdir.js';
import { about } from '../catalog.js';
import { configServed } from '../lib/checks/config-served.js';
import { byName } from '../../src/checks/match.js';
import { exists, matches } from '../../src/checks/object.js';
import { replicasReady } from '../../src/checks/workload.js';
import type { Check } from '../../src/checks/check.js';
import { fail, pass } from '../../src/checks/check.js';
import { act, defineLesson, explain, tryIt } from '../../src/course/lesson.js';
import { rolloutRestart } from '../../src/kube/rollout-ops.js';
import { APP, DEPLOYMENT, deploymentNeed, namespaceNeed, tryApply } from '../lib/app.js';

const CONFIG = 'fastapi-config';
const SECRETS = 'fastapi-secrets';
const CONFIG_REF = { apiVersion: 'v1', kind: 'ConfigMap', name: CONFIG };
const SECRET_REF = { apiVersion: 'v1', kind: 'Secret', name: SECRETS };

const applyBoth = (ns: string) => `kubectl apply -f ${learnerManifest('config.yaml')} -f ${learnerManifest('deployment-config.yaml')} -n ${ns}`;

export const deploymentUsesConfig = matches(
  DEPLOYMENT,
  {
    spec: {
      template: {
        spec: {
          containers: byName([{
            name: APP,
            envFrom: [{ configMapRef: { name: CONFIG } }],
            env: byName([
              { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: CONFIG, key: 'LOG_LEVEL' } } },
              { name: 'API_KEY', valueFrom: { secretKeyRef: { name: SECRETS, key: 'API_KEY' } } },
            ]),
            volumeMounts: byName([{ name: 'secrets', mountPath: '/etc/secrets', readOnly: true }]),
          }]),
          volumes: byName([{ name: 'secrets', secret: { secretName: SECRETS } }]),
        },
      },
    },
  },
  { name: `Deployment ${APP} uses ConfigMap ${CONFIG} and Secret ${SECRETS}`, create: (ctx) => applyBoth(ctx.namespace), fix: (_m, ctx) => applyBoth(ctx.namespace) },
);

const logLevelDebug: Check = {
  name: `ConfigMap ${CONFIG} has LOG_LEVEL=debug`,
  watches: [{ apiVersion: 'v1', kind: 'ConfigMap' }],
  async evaluate(ctx) {
    const level = ((await ctx.kube.get(CONFIG_REF))?.data as Record<string, string> | undefined)?.LOG_LEVEL;
    if (level === 'debug') return pass(this.name, `LOG_LEVEL is debug in ${CONFIG}`);
    return fail(this.name, `LOG_LEVEL is ${level ?? 'not set'} in ${CONFIG}; this step expects debug`, {
      path: 'data.LOG_LEVEL', expected: 'debug', actual: level,
      fix: `kubectl patch configmap ${CONFIG} -n ${ctx.namespace} --type merge -p '{"data":{"LOG_LEVEL":"debug"}}'`,
    });
  },
};

async function configThroughService(ctx: Parameters<Check['evaluate']>[0]): Promise<string[]> {
  const answer = await ctx.kube.proxy({ kind: 'service', name: APP, port: 80 }, '/config');
  const c = JSON.parse(answer.body) as Record<string, unknown>;
  return [
    `app_env=${String(c.app_env)}  log_level=${String(c.log_level)}  max_connections=${String(c.max_connections)}`,
    `secret_set=${String(c.secret_set)}  secret_files=${JSON.stringify(c.secret_files)}   (the app says whether it got the secret, never what it is)`,
  ];
}

export default defineLesson({
  ...about('config-and-secrets'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'Settings belong outside the image, so that one image runs in every environment.',
      'A ConfigMap holds plain settings as key/value pairs. A Secret holds credentials the same way,',
      'kept apart so that access to it can be restricted. Pods get either as env vars or as files.',
    ]),
    tryApply('config.yaml', {
      task: 'Create the ConfigMap and the Secret: apply {manifests}/config.yaml.',
      until: [exists(CONFIG_REF), exists(SECRET_REF)],
      hints: ['kubectl apply -f {manifests}/<file> -n {ns}', 'kubectl apply -f {manifests}/config.yaml -n {ns}'],
    }),
    act({
      say: 'What each one holds',
      kubectl: `kubectl get configmap ${CONFIG} -o yaml -n {ns}  &&  kubectl describe secret ${SECRETS} -n {ns}`,
      async run(ctx) {
        const [cm, secret] = await Promise.all([ctx.kube.get(CONFIG_REF), ctx.kube.get(SECRET_REF)]);
        const data = (cm?.data as Record<string, string> | undefined) ?? {};
        const secretData = (secret?.data as Record<string, string> | undefined) ?? {};
        return [
          `ConfigMap ${CONFIG}:`,
          ...Object.entries(data).map(([k, v]) => `  ${k}: ${v}`),
          `Secret ${SECRETS} (type ${String(secret?.type)}): values hidden, as kubectl describe does`,
          ...Object.entries(secretData).map(([k, v]) => `  ${k}: ${Buffer.from(v, 'base64').length} bytes`),
          '',
          'In the API a Secret\'s values are only base64-encoded. Base64 is an encoding, not encryption:',
          `anyone who can read the Secret can decode it ("hello" is ${Buffer.from('hello').toString('base64')}, and back).`,
          'Real protection comes from RBAC, encryption at rest, or an external secret manager.',
        ];
      },
    }),
    tryApply('deployment-config.yaml', {
      task: 'Switch the Deployment to the one that uses them: apply {manifests}/deployment-config.yaml.',
      until: [deploymentUsesConfig, replicasReady(APP)],
      hints: ['kubectl apply -f {manifests}/deployment-config.yaml -n {ns}', 'kubectl rollout status deployment fastapi-k8s -n {ns}'],
    }),
    act({
      say: 'How the pod template wires them in',
      kubectl: `kubectl get deployment ${APP} -o yaml -n {ns}`,
      async run() {
        return [
          `envFrom: configMapRef ${CONFIG}            every key becomes an env var (APP_ENV, LOG_LEVEL, MAX_CONNECTIONS)`,
          `env LOG_LEVEL: configMapKeyRef ${CONFIG}   one key, picked by name`,
          `env API_KEY: secretKeyRef ${SECRETS}      one Secret key as an env var`,
          `volume secrets: secret ${SECRETS}           every key a read-only file in /etc/secrets`,
        ];
      },
    }),
    act({
      say: 'What the app sees (GET /config through the Service)',
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/config`,
      run: configThroughService,
    }),
    tryIt({
      task: `Change LOG_LEVEL in the ConfigMap ${CONFIG} to debug.`,
      until: [logLevelDebug],
      hints: [`kubectl edit configmap ${CONFIG} -n {ns}`, `kubectl patch configmap ${CONFIG} -n {ns} --type merge -p '{"data":{"LOG_LEVEL":"debug"}}'`],
      kubectl: `kubectl patch configmap ${CONFIG} -n {ns} --type merge -p '{"data":{"LOG_LEVEL":"debug"}}'`,
      async doIt(ctx) {
        await ctx.kube.patch(CONFIG_REF, { data: { LOG_LEVEL: 'debug' } }, 'merge');
      },
    }),
    act({
      say: 'Asking the app again',
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/config`,
      async run(ctx) {
        return [...(await configThroughService(ctx)), '', 'Still the old level: env vars are copied into a container when it starts, and never again.', '(Files from a ConfigMap volume do update, within a minute or so; env vars do not.)'];
      },
    }),
    tryIt({
      task: 'Make the pods pick up the change: restart the rollout.',
      until: [configServed(APP, CONFIG), replicasReady(APP)],
      hints: ['kubectl rollout --help', `kubectl rollout restart deployment ${APP} -n {ns}`],
      kubectl: `kubectl rollout restart deployment ${APP} -n {ns}`,
      async doIt(ctx) {
        await rolloutRestart(ctx.kube, APP);
      },
    }),
    act({
      say: 'And now',
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/config`,
      run: configThroughService,
    }),
  ],
  check: [deploymentUsesConfig, configServed(APP, CONFIG)],
  hints: ['kubectl apply -f {manifests}/config.yaml -f {manifests}/deployment-config.yaml -n {ns}', `kubectl rollout restart deployment ${APP} -n {ns}`],
});
