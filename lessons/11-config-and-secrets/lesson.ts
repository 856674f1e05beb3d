import {
  APP, DEPLOYMENT, about, applyStep, act, configServed, defineLesson, deploymentNeed, exists, explain, fail, fixByApplying, namespaceNeed, pass,
  replicasReady, rolloutRestart, tryIt, type Check, type CheckContext,
} from '../kit.js';
import { configThroughService, whatEachHolds } from './steps.js';
import { describeWiring, wiringOf } from './wiring.js';

const CONFIG = 'fastapi-config';
const SECRETS = 'fastapi-secrets';
const CONFIG_REF = { apiVersion: 'v1', kind: 'ConfigMap', name: CONFIG };
const SECRET_REF = { apiVersion: 'v1', kind: 'Secret', name: SECRETS };
/** A Secret the lesson makes, shows decoded, and deletes at once: its value is a demo, never the learner's. */
const DEMO_SECRET = 'base64-demo';
const DEMO_VALUE = 'only-a-demo-value';
const SHIPPED_LEVEL = 'info';

const applyBoth = fixByApplying('config.yaml', 'deployment-config.yaml');
const applyDeployment = fixByApplying('deployment-config.yaml');

/** The fix for the Deployment's wiring: config.yaml again only when its objects are missing, so that it never undoes the learner's edit of the ConfigMap. */
async function wiringFix(ctx: CheckContext): Promise<string> {
  const [cm, secret] = await Promise.all([ctx.kube.get(CONFIG_REF), ctx.kube.get(SECRET_REF)]);
  return (cm && secret ? applyDeployment : applyBoth).create!(ctx);
}

/**
 * The Deployment's container gets the ConfigMap (envFrom, or keys one by one) and the Secret (as env
 * vars or as files from a volume of any name): the course's manifest and the guide's YAML both pass.
 */
export const usesConfig: Check = {
  name: `Deployment ${APP} gets ConfigMap ${CONFIG} and Secret ${SECRETS} (apply deployment-config.yaml)`,
  watches: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
  async evaluate(ctx) {
    const [deployment, fix] = await Promise.all([ctx.kube.get(DEPLOYMENT), wiringFix(ctx)]);
    if (!deployment) return fail(this.name, `Deployment ${APP} does not exist in namespace ${ctx.namespace}`, { path: 'metadata.name', expected: APP, actual: undefined, fix });
    const w = wiringOf(deployment, APP, CONFIG, SECRETS);
    if (w.config.length === 0) {
      return fail(this.name, `Deployment ${APP} does not read ConfigMap ${CONFIG}: no envFrom configMapRef, no env var with configMapKeyRef ${CONFIG}`, {
        path: 'spec.template.spec.containers[fastapi-k8s].envFrom', expected: [{ configMapRef: { name: CONFIG } }], actual: undefined, fix,
      });
    }
    if (w.secretEnv.length === 0 && w.secretFiles.length === 0) {
      return fail(this.name, `Deployment ${APP} does not use Secret ${SECRETS}: no env var with secretKeyRef ${SECRETS}, no secret volume mounted`, {
        path: 'spec.template.spec.volumes', expected: `a secret volume (secretName: ${SECRETS}) or an env var from secretKeyRef ${SECRETS}`, actual: undefined, fix,
      });
    }
    return pass(this.name, `the container gets ${describeWiring(w, CONFIG, SECRETS)}`);
  },
};

/** The learner's edit: the shipped ConfigMap says info; this step asks for debug (any case). */
export const logLevelDebug: Check = {
  name: `you changed LOG_LEVEL to debug in ConfigMap ${CONFIG}`,
  watches: [{ apiVersion: 'v1', kind: 'ConfigMap' }],
  async evaluate(ctx) {
    const cm = await ctx.kube.get(CONFIG_REF);
    if (!cm) return fail(this.name, `ConfigMap ${CONFIG} does not exist`, { path: 'metadata.name', expected: CONFIG, actual: undefined, fix: fixByApplying('config.yaml').create!(ctx) });
    const level = (cm.data as Record<string, string> | undefined)?.LOG_LEVEL;
    if (level?.toLowerCase() === 'debug') return pass(this.name, `LOG_LEVEL is ${level} in ${CONFIG}`);
    return fail(this.name, `LOG_LEVEL is ${level ?? 'not set'} in ${CONFIG}; the edit step asks for debug`, {
      path: 'data.LOG_LEVEL', expected: 'debug', actual: level, fix: patchLevel(ctx.namespace),
    });
  },
};

const patchLevel = (ns: string) => `kubectl patch configmap ${CONFIG} -n ${ns} --type merge -p '{"data":{"LOG_LEVEL":"debug"}}'`;
const served = configServed(APP, CONFIG);

export default defineLesson({
  ...about('config-and-secrets'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'Settings belong outside the image, so that one image runs in every environment.',
      'A ConfigMap holds plain settings as key/value pairs. A Secret holds credentials the same way,',
      'kept apart so that access to it can be restricted. Pods get either as env vars or as files.',
    ]),
    applyStep('config.yaml', {
      task: 'Create the ConfigMap and the Secret: apply {manifests}/config.yaml.',
      until: [exists(CONFIG_REF), exists(SECRET_REF)],
      hints: ['kubectl apply -f {manifests}/<file> -n {ns}', 'kubectl apply -f {manifests}/config.yaml -n {ns}'],
    }),
    act({
      say: 'What each one holds',
      kubectl: `kubectl get configmap ${CONFIG} -o yaml -n {ns}  &&  kubectl describe secret ${SECRETS} -n {ns}`,
      run: (ctx) => whatEachHolds(ctx, CONFIG, SECRETS),
    }),
    act({
      say: 'Base64 is an encoding, not encryption: a demo Secret, read back in one line',
      kubectl: `kubectl create secret generic ${DEMO_SECRET} --from-literal=API_KEY=${DEMO_VALUE} -n {ns}  &&  ` +
        `kubectl get secret ${DEMO_SECRET} -n {ns} -o jsonpath='{.data.API_KEY}' | base64 -d  &&  kubectl delete secret ${DEMO_SECRET} -n {ns}`,
      async run(ctx) {
        const ref = { apiVersion: 'v1', kind: 'Secret', name: DEMO_SECRET };
        await ctx.kube.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: DEMO_SECRET }, type: 'Opaque', stringData: { API_KEY: DEMO_VALUE } });
        const stored = ((await ctx.kube.get(ref))?.data as Record<string, string> | undefined)?.API_KEY ?? '';
        await ctx.kube.delete(ref);
        return [
          `stored as  ${stored}`,
          `decoded    ${Buffer.from(stored, 'base64').toString('utf8')}   (a demo value this step made up; the Secret is deleted again)`,
          'The same command on fastapi-secrets prints your key: the tutor never does that, but anyone allowed to',
          'read Secrets can. Real protection comes from RBAC, encryption at rest, or an external secret manager.',
        ];
      },
    }),
    applyStep('deployment-config.yaml', {
      task: 'Switch the Deployment to the one that uses them: apply {manifests}/deployment-config.yaml.',
      until: [usesConfig, replicasReady(APP)],
      hints: ['kubectl apply -f {manifests}/deployment-config.yaml -n {ns}', `kubectl rollout status deployment ${APP} -n {ns}`],
    }),
    act({
      say: 'How the pod template wires them in',
      kubectl: `kubectl get deployment ${APP} -o yaml -n {ns}`,
      async run(ctx) {
        const w = wiringOf(await ctx.kube.get(DEPLOYMENT), APP, CONFIG, SECRETS);
        if (w.config.length === 0) return ['The Deployment does not use them yet (the step above is yours).'];
        return [
          ...(w.config.includes('envFrom') ? [`envFrom: configMapRef ${CONFIG}     every key becomes an env var (APP_ENV, LOG_LEVEL, MAX_CONNECTIONS)`] : []),
          ...w.config.filter((v) => v !== 'envFrom').map((v) => `env ${v}: configMapKeyRef ${CONFIG}    one key, picked by name`),
          ...w.secretEnv.map((v) => (v === 'envFrom' ? `envFrom: secretRef ${SECRETS}     every key of the Secret as an env var` : `env ${v}: secretKeyRef ${SECRETS}     one Secret key as an env var`)),
          ...w.secretFiles.map((f) => `volume ${f.volume}: secret ${SECRETS}   every key a read-only file in ${f.mountPath}`),
        ];
      },
    }),
    act({
      say: 'What the app sees (GET /config through the Service)',
      kubectl: `kubectl get --raw /api/v1/namespaces/{ns}/services/${APP}:80/proxy/config`,
      run: configThroughService,
    }),
    tryIt({
      task: `Change LOG_LEVEL in the ConfigMap ${CONFIG} from ${SHIPPED_LEVEL} to debug.`,
      until: [logLevelDebug],
      hints: [`kubectl edit configmap ${CONFIG} -n {ns}`, patchLevel('{ns}')],
      kubectl: patchLevel('{ns}'),
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
      until: [served, replicasReady(APP)],
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
  check: [usesConfig, logLevelDebug, served],
  hints: ['kubectl apply -f {manifests}/config.yaml -f {manifests}/deployment-config.yaml -n {ns}', patchLevel('{ns}'), `kubectl rollout restart deployment ${APP} -n {ns}`],
});

