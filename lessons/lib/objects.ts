import { eventTime, fail, learnerManifest, pass, type Check, type CheckContext, type KubeObject, type LessonContext, type MatchOptions, type ObjectRef } from '../engine.js';
import { APP } from './app.js';

/** Small reads and checks that several lessons share. */

type Ref = Omit<ObjectRef, 'namespace'>;

/**
 * The app's pods (label app=fastapi-k8s, or `app`), without the ones being deleted: oldest first,
 * or by name when a stable order matters more than age.
 */
export async function appPods(ctx: Pick<LessonContext, 'kube'>, options: { order?: 'age' | 'name'; app?: string } = {}): Promise<KubeObject[]> {
  const pods = await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${options.app ?? APP}` });
  const live = pods.filter((p) => !p.metadata.deletionTimestamp);
  return options.order === 'name'
    ? live.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    : live.sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
}

/** Events about one object (by kind and name), oldest first; `type: 'Warning'` keeps only warnings. */
export async function eventsAbout(ctx: Pick<LessonContext, 'kube'>, ref: { kind: string; name: string }, options: { type?: 'Warning' | 'Normal'; reason?: string } = {}): Promise<KubeObject[]> {
  const selectors = [`involvedObject.kind=${ref.kind}`, `involvedObject.name=${ref.name}`];
  if (options.reason) selectors.push(`reason=${options.reason}`);
  const events = await ctx.kube.list('v1', 'Event', { fieldSelector: selectors.join(',') });
  return events.filter((e) => !options.type || e.type === options.type).sort((a, b) => eventTime(a) - eventTime(b));
}

/** How often the pod's containers (the first, or the one named) have been restarted in place. */
export function restartsOf(pod: KubeObject | undefined, container?: string): number {
  const statuses = (pod?.status as { containerStatuses?: { name: string; restartCount?: number }[] } | undefined)?.containerStatuses ?? [];
  const status = container ? statuses.find((c) => c.name === container) : statuses[0];
  return status?.restartCount ?? 0;
}

/** The object does not exist (or is on its way out). */
export function absent(ref: Ref, options: { name?: string; fix?: (ctx: CheckContext) => string } = {}): Check {
  const subject = `${ref.kind} ${ref.name}`;
  const name = options.name ?? `${subject} is gone`;
  return {
    name,
    watches: [{ apiVersion: ref.apiVersion, kind: ref.kind }],
    async evaluate(ctx) {
      const found = await ctx.kube.get(ref);
      if (!found) return pass(name, `${subject} is gone`);
      return fail(name, `${subject} still exists${found.metadata.deletionTimestamp ? ' (terminating)' : ''}`, {
        path: 'metadata.name', expected: 'deleted', actual: ref.name,
        fix: options.fix?.(ctx) ?? `kubectl delete ${ref.kind.toLowerCase()} ${ref.name} -n ${ctx.namespace}`,
      });
    },
  };
}

/** A check's fixes for "not there" and "not as expected" when applying a shipped manifest is the fix. */
export function fixByApplying(...files: string[]): Pick<MatchOptions, 'create' | 'fix'> {
  const command = (ctx: CheckContext) => `kubectl apply ${files.map((f) => `-f ${learnerManifest(f)}`).join(' ')} -n ${ctx.namespace}`;
  return { create: command, fix: (_mismatch, ctx) => command(ctx) };
}
