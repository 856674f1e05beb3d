import { applyManifest, detectFeatures, type ClusterFeatures, type KubeObject, type LessonContext } from '../engine.js';
import { replicasReady } from './app.js';
import { APP, DEPLOYMENT, waitOrExplain } from './app.js';

/** The app's Deployment as the later lessons find it, and the cluster's optional parts. */

interface ContainerShape {
  name: string;
  livenessProbe?: unknown;
  resources?: { requests?: { cpu?: string } };
}

export function appContainer(deployment: KubeObject | undefined): ContainerShape | undefined {
  const containers = (deployment?.spec as { template?: { spec?: { containers?: ContainerShape[] } } } | undefined)?.template?.spec?.containers ?? [];
  return containers.find((c) => c.name === APP) ?? containers[0];
}

const featuresOf = new WeakMap<LessonContext, Promise<ClusterFeatures>>();

/** The cluster's optional parts, asked once per run. */
export function features(ctx: LessonContext): Promise<ClusterFeatures> {
  let found = featuresOf.get(ctx);
  if (!found) featuresOf.set(ctx, (found = detectFeatures(ctx.kube, ctx.cluster.flavor)));
  return found;
}

/**
 * Lesson 8's Deployment (probes on /health and /ready, CPU and memory requests), applied when the
 * current one lacks what the lesson builds on. Says what it did.
 */
export async function ensureProbesAndRequests(ctx: LessonContext): Promise<string[]> {
  const container = appContainer(await ctx.kube.get(DEPLOYMENT));
  if (container?.livenessProbe && container.resources?.requests?.cpu) return ['The Deployment already has probes and resource requests (lessons 6–8).'];
  const lines = await applyManifest(ctx, 'deployment-resources.yaml');
  await waitOrExplain(ctx, [replicasReady(APP)]);
  return [...lines, 'Applied lesson 8\'s Deployment (probes and requests), which this lesson builds on.'];
}
