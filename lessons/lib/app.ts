import { applyManifest, ClusterError, deploymentReady, ensureNamespace, imageOnNodes, learnerManifest, tryIt, waitUntil, type Check, type LessonContext, type Need, type TryStep } from '../engine.js';
import { sampleImage } from '../outline.js';

/** The guide's names, kept so that the learner can follow the guide side by side. */
export const APP = 'fastapi-k8s';
export const IMAGE = sampleImage;
export const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment', name: APP };
export const SERVICE = { apiVersion: 'v1', kind: 'Service', name: APP };

export async function waitOrExplain(ctx: LessonContext, checks: Check[], timeoutMs = 180_000): Promise<void> {
  const outcome = await waitUntil(checks, ctx, { timeoutMs, signal: ctx.signal });
  if (!outcome.passed) {
    const first = outcome.results.find((r) => !r.passed);
    throw new ClusterError(`setting up did not finish: ${first?.message ?? 'timed out'}`, first?.fix ? `Try: ${first.fix}` : 'Run `k8s-tutor doctor`.');
  }
}

/** True when a node already holds the sample image (an answer we cannot get counts as yes). */
export async function imageOnNode(ctx: LessonContext): Promise<boolean> {
  return imageOnNodes(ctx.kube, IMAGE).catch(() => true);
}

export const sampleImageNeed: Need = {
  say: `the sample app's image (${IMAGE}) in your cluster`,
  satisfied: imageOnNode,
  async setUp(ctx) {
    const { loadImageInto } = await import('./image-step.js');
    await loadImageInto(ctx);
  },
};

export const namespaceNeed: Need = {
  say: 'the course namespace',
  async satisfied(ctx) {
    const ns = await ctx.kube.get({ apiVersion: 'v1', kind: 'Namespace', name: ctx.namespace });
    return Boolean(ns && !ns.metadata.deletionTimestamp);
  },
  async setUp(ctx) {
    await ensureNamespace(ctx.kube);
  },
};

/** The guide's Deployment and Service from lesson 3, running. */
export const deploymentNeed: Need = {
  say: `the ${APP} Deployment and Service from lesson 3`,
  async satisfied(ctx) {
    return Boolean((await ctx.kube.get(DEPLOYMENT)) && (await ctx.kube.get(SERVICE)));
  },
  async setUp(ctx) {
    await ensureNamespace(ctx.kube);
    if (!(await imageOnNode(ctx))) await sampleImageNeed.setUp(ctx);
    ctx.ui.command(`kubectl apply -f ${learnerManifest('k8s.yaml')} -n ${ctx.namespace}`);
    for (const line of await applyManifest(ctx, 'k8s.yaml')) ctx.ui.dim(line);
    await waitOrExplain(ctx, [replicasReady(APP)]);
  },
};

/**
 * The learner applies one of manifests/ with kubectl; "do it for me" (and --yes) applies the same file.
 * `applies`, when given, passes the step over (saying why) when what the file brings is already there.
 */
export function tryApply(file: string, step: { task: string; until: Check[]; hints: string[]; applies?: TryStep['applies'] }): TryStep {
  return tryIt({
    ...step,
    kubectl: `kubectl apply -f {manifests}/${file} -n {ns}`,
    async doIt(ctx) {
      for (const line of await applyManifest(ctx, file)) ctx.ui.dim(line);
    },
  });
}

/**
 * A Deployment's replicas ready, with the course's own fixes: lesson 3's manifest when it is missing,
 * and the way to load the sample image when a pod waits for it.
 */
export function replicasReady(name: string, replicas?: number): Check {
  return deploymentReady(name, replicas, {
    create: (ctx) => `kubectl apply -f ${learnerManifest('k8s.yaml')} -n ${ctx.namespace}`,
    imageMissing: (why, ctx) =>
      why.includes(`"${IMAGE}"`)
        ? `the image is not on your cluster's node: \`k8s-tutor lesson first-deployment\` builds and loads ${IMAGE} into it (\`k8s-tutor doctor\` shows whether it is there)`
        : `the pods ask for an image that is not on the node; check the tag: kubectl get deployment ${name} -n ${ctx.namespace} -o jsonpath='{.spec.template.spec.containers[*].image}' (the sample app is ${IMAGE})`,
  });
}
