import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { configDir, MANAGED_BY_LABEL, MANAGED_BY_SELECTOR, MANAGED_BY_VALUE, NAMESPACE_LABEL, ProgressStore, qualifiedName, type KubeObject, type LessonContext } from '../kit.js';
import { devVariant, writeOverlay } from './overlay.js';

/** Lesson 15's reads and writes outside a namespace: the overlay on disk, the progress file, the reset. */

/** Where the tutor writes the overlay: next to the learner's progress, so printed paths work from any folder. */
export function overlayDir(): string {
  return join(configDir(), 'kustomize', 'overlays', 'dev');
}

/** Renders the overlay with `kubectl kustomize` when kubectl is there, else does the same in code. */
export async function render(ctx: LessonContext): Promise<{ overlay: string; objects: KubeObject[]; by: 'kubectl' | 'tutor' }> {
  const overlay = writeOverlay(join(configDir(), 'kustomize'));
  try {
    const { stdout } = await execa('kubectl', ['kustomize', overlay], { timeout: 30_000 });
    return { overlay, objects: parseAllDocuments(stdout).map((d) => d.toJS() as KubeObject).filter(Boolean), by: 'kubectl' };
  } catch {
    // No kubectl on PATH (or an old one without kustomize): the tutor renders the same objects itself, and says so.
    return { overlay, objects: devVariant(await ctx.manifest('k8s.yaml')), by: 'tutor' };
  }
}

export const applied = (o: KubeObject) => `${qualifiedName(o)} configured`;

/** The lessons done and started, from the progress file. */
export function courseSoFar(): { done: string[]; open: string[] } {
  const entries = Object.entries(new ProgressStore(configDir()).load().lessons);
  return {
    done: entries.filter(([, p]) => p.status === 'done').map(([id]) => id),
    open: entries.filter(([id, p]) => p.status !== 'done' && id !== 'where-next').map(([id]) => id),
  };
}

export async function tutorPods(ctx: LessonContext): Promise<number> {
  return (await ctx.kube.list('v1', 'Pod', { labelSelector: MANAGED_BY_SELECTOR })).length;
}

/** What `k8s-tutor reset` does, when the learner says yes at the end of the course. */
export async function resetNow(ctx: LessonContext): Promise<string[]> {
  const ns = await ctx.kube.get({ apiVersion: 'v1', kind: 'Namespace', name: ctx.namespace });
  if (ns?.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) return [`The tutor did not create ${ctx.namespace}, so it leaves it: run \`k8s-tutor reset\`, which deletes only its own objects there.`];
  await ctx.kube.delete({ apiVersion: 'v1', kind: 'Namespace', name: ctx.namespace });
  const volumes = await ctx.kube.list('v1', 'PersistentVolume', { labelSelector: `${MANAGED_BY_SELECTOR},${NAMESPACE_LABEL}=${ctx.namespace}`, namespace: null });
  for (const pv of volumes) await ctx.kube.delete({ apiVersion: 'v1', kind: 'PersistentVolume', name: pv.metadata.name });
  return [`namespace/${ctx.namespace} is being deleted${volumes.length ? `, and ${volumes.length} PersistentVolume with it` : ''}. Thanks for learning with k8s-tutor.`];
}
