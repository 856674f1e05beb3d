import { withLastApplied } from '../kube/last-applied.js';
import type { KubeObject } from '../kube/types.js';
import type { LessonContext } from './lesson.js';

/** kubectl's "deployment.apps/fastapi-k8s" naming. */
export function qualifiedName(object: KubeObject): string {
  const group = object.apiVersion.includes('/') ? `.${object.apiVersion.split('/')[0]}` : '';
  return `${object.kind.toLowerCase()}${group}/${object.metadata.name}`;
}

/**
 * Server-side applies every object of a manifest file into the tutor's namespace, leaving each as
 * `kubectl apply -f` would (its last-applied record), so that the learner's own apply of the file
 * afterwards is quiet; returns kubectl-like lines.
 */
export async function applyManifest(ctx: LessonContext, file: string, edit?: (object: KubeObject) => KubeObject): Promise<string[]> {
  const objects = await ctx.manifest(file);
  const lines: string[] = [];
  for (const object of objects) {
    const existed = Boolean(await ctx.kube.get({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name }));
    await ctx.kube.apply(withLastApplied(edit ? edit(object) : object, ctx.namespace));
    lines.push(`${qualifiedName(object)} ${existed ? 'configured' : 'created'}`);
  }
  return lines;
}
