import { APP, CHANGE_CAUSE_ANNOTATION, DEPLOYMENT, formatTable, history, revisionOf, rolloutRestart, type LessonContext } from '../kit.js';
import { versionAndRevisionLabel } from './rollout-picture.js';
import { APP_DEFAULT_VERSION, changeUnderTraffic, setVersionPatch, type Measured } from './rollout.js';

/** The work of lesson 7's steps: the rollouts under traffic and the history table behind the words in lesson.ts. */

/** The guide's rolling update: one pod above the desired count, none missing. */
export const ROLLING = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };

/** APP_VERSION as a pod template sets it (the app's default when unset). */
function versionIn(template: unknown): string {
  const env = (template as { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } } | undefined)?.spec?.containers?.[0]?.env ?? [];
  return env.find((v) => v.name === 'APP_VERSION')?.value ?? APP_DEFAULT_VERSION;
}

/**
 * A version no revision of the Deployment has run (3.0.0, else 3.0.1…): the tutor's own rollout then
 * makes a new ReplicaSet, and cannot be mistaken for an undo (which brings an old one back).
 */
async function unseenVersion(ctx: LessonContext): Promise<string> {
  const deployment = await ctx.kube.get(DEPLOYMENT);
  const seen = new Set(deployment ? history(deployment, await ctx.kube.list('apps/v1', 'ReplicaSet')).map((e) => versionIn(e.template)) : []);
  if (deployment) seen.add(versionIn((deployment.spec as { template?: unknown } | undefined)?.template));
  let patch = 0;
  while (seen.has(`3.0.${patch}`)) patch++;
  return `3.0.${patch}`;
}

/** REVISION CHANGE-CAUSE REPLICASET APP_VERSION, as `kubectl rollout history` lists the revisions (with the version each ran). */
export async function historyTable(ctx: LessonContext): Promise<string[]> {
  const deployment = await ctx.kube.get(DEPLOYMENT);
  if (!deployment) return [];
  const entries = history(deployment, await ctx.kube.list('apps/v1', 'ReplicaSet'));
  const rows = entries.map((e) => [String(e.revision), e.changeCause ?? '<none>', e.replicaSet, versionIn(e.template)]);
  return formatTable(['REVISION', 'CHANGE-CAUSE', 'REPLICASET', 'APP_VERSION'], rows);
}

/**
 * The restart picture's legend, from the Deployment as it is: a restart keeps the version, so the boxes
 * carry the revision too, and the new pods are the next revision ("[v1 r4…]").
 */
export async function restartLegend(ctx: LessonContext): Promise<string> {
  const deployment = await ctx.kube.get(DEPLOYMENT);
  const version = versionIn((deployment?.spec as { template?: unknown } | undefined)?.template).split('.')[0];
  const next = deployment ? revisionOf(deployment) + 1 : 2;
  return `each box is a Ready pod, by version and revision (the restart keeps the version); [v${version} r${next}…] is a new pod not Ready yet`;
}

/** `kubectl rollout restart` and its change-cause annotation, measured under traffic. */
export async function restartUnderTraffic(ctx: LessonContext): Promise<Measured> {
  const change = async () => {
    await rolloutRestart(ctx.kube, APP);
    await ctx.kube.patch(DEPLOYMENT, { metadata: { annotations: { [CHANGE_CAUSE_ANNOTATION]: 'rollout restart' } } }, 'merge');
  };
  return changeUnderTraffic(ctx, change, (rs) => versionAndRevisionLabel(rs, APP_DEFAULT_VERSION));
}

/** Rolls out APP_VERSION 2.0.0 under traffic, and keeps its counts for the Recreate step to compare with. */
export async function rollOutVersion2UnderTraffic(ctx: LessonContext): Promise<Measured> {
  const measured = await changeUnderTraffic(ctx, async () => void (await ctx.kube.patch(DEPLOYMENT, setVersionPatch('2.0.0', 'APP_VERSION=2.0.0'), 'strategic')));
  ctx.facts.rollingSent = measured.report.sent;
  ctx.facts.rollingFailed = measured.report.failed;
  return measured;
}

/** Switches to Recreate and rolls out a version not run before (sets {recreateVersion}) under traffic, keeping its counts. */
export async function recreateUnderTraffic(ctx: LessonContext): Promise<Measured> {
  const version = await unseenVersion(ctx);
  ctx.vars.recreateVersion = version;
  await ctx.kube.patch(DEPLOYMENT, { spec: { strategy: { type: 'Recreate', rollingUpdate: null } } }, 'merge');
  const measured = await changeUnderTraffic(ctx, async () => void (await ctx.kube.patch(DEPLOYMENT, setVersionPatch(version, `APP_VERSION=${version} (Recreate)`), 'strategic')));
  ctx.facts.recreateSent = measured.report.sent;
  ctx.facts.recreateFailed = measured.report.failed;
  return measured;
}
