import { uncordonOurs } from '../../kube/nodes.js';
import { waitUntil } from '../../course/wait.js';
import { acquireLock } from '../../course/lock.js';
import type { Session } from '../../kube/connect.js';
import { isApiError, UsageError } from '../../errors.js';
import { MANAGED_BY_LABEL, MANAGED_BY_SELECTOR, MANAGED_BY_VALUE, NAMESPACE_LABEL, type Kube } from '../../kube/types.js';
import type { Check } from '../../checks/check.js';
import { assertReachable } from '../../kube/reachable.js';
import type { Ui } from '../../ui/ui.js';
import { defineCommand, type CommandInput, type CommandResult, type Deps } from '../deps.js';

export interface ResetOptions {
  progress: boolean;
  yes: boolean;
}

export interface ResetReport {
  namespace: string;
  /** kind/name of everything deleted. */
  deleted: string[];
  /** Nodes that the tutor had cordoned (lesson 6's drain) and made schedulable again. */
  uncordoned?: string[];
  progressCleared: boolean;
  /** The learner answered no. */
  cancelled?: boolean;
}

/** The kinds the tutor creates; reset looks for its label on each. */
export const TUTOR_KINDS: [apiVersion: string, kind: string][] = [
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['apps/v1', 'Deployment'],
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'PersistentVolumeClaim'],
  ['batch/v1', 'Job'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['v1', 'ServiceAccount'],
];

export function validateReset(input: CommandInput): ResetOptions {
  const { global, interactive, flags } = input;
  if (!interactive && !global.yes) throw new UsageError('reset deletes things and asks first, but there is no terminal to answer', 'Add --yes to confirm: k8s-tutor reset --yes');
  return { progress: Boolean(flags.progress), yes: global.yes };
}

function namespaceGone(name: string): Check {
  return {
    name: `namespace ${name} is gone`,
    watches: [{ apiVersion: 'v1', kind: 'Namespace' }],
    async evaluate(ctx) {
      const ns = await ctx.kube.get({ apiVersion: 'v1', kind: 'Namespace', name });
      return { name: this.name, passed: !ns, message: ns ? `namespace ${name} is still terminating` : `namespace ${name} is gone` };
    },
  };
}

async function deleteLabelled(kube: Kube, deleted: string[]): Promise<void> {
  for (const [apiVersion, kind] of TUTOR_KINDS) {
    const objects = await kube.list(apiVersion, kind, { labelSelector: MANAGED_BY_SELECTOR }).catch(() => []);
    for (const o of objects) {
      if (await kube.delete({ apiVersion, kind, name: o.metadata.name })) deleted.push(`${kind.toLowerCase()}/${o.metadata.name}`);
    }
  }
}

/** The PersistentVolumes the tutor made for this namespace (with consent, on clusters without a StorageClass). */
async function deleteVolumes(kube: Kube, deleted: string[]): Promise<void> {
  const selector = `${MANAGED_BY_SELECTOR},${NAMESPACE_LABEL}=${kube.namespace}`;
  const volumes = await kube.list('v1', 'PersistentVolume', { labelSelector: selector, namespace: null }).catch(() => []);
  for (const pv of volumes) if (await kube.delete({ apiVersion: 'v1', kind: 'PersistentVolume', name: pv.metadata.name })) deleted.push(`persistentvolume/${pv.metadata.name}`);
}

/** Deletes what the tutor made: its namespace when it created it, otherwise each labelled object; then its PersistentVolumes. */
export async function runReset(options: ResetOptions, deps: Deps): Promise<CommandResult<ResetReport>> {
  const session = await deps.connect({ writes: true });
  // The cluster first, then the question: no "Delete everything?" for a cluster that is not there.
  await assertReachable(session);
  const { kube } = session;
  // A lesson running in this namespace (another terminal) holds the lock: reset must not pull its objects away.
  const release = acquireLock(deps.configDir, kube.namespace);
  try {
    return await resetWithLock(options, deps, session);
  } finally {
    release();
  }
}

async function resetWithLock(options: ResetOptions, deps: Deps, session: Session): Promise<CommandResult<ResetReport>> {
  const { kube } = session;
  const go = options.yes || (await deps.ui.confirm(`Delete everything k8s-tutor created in namespace ${kube.namespace} on ${session.cluster.name}?`, { default: false, signal: deps.signal }));
  if (!go) return { data: { namespace: kube.namespace, deleted: [], progressCleared: false, cancelled: true }, exitCode: 0 };

  const deleted: string[] = [];
  const ns = await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: kube.namespace });
  if (ns?.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE) {
    if (!ns.metadata.deletionTimestamp) {
      await kube.delete({ apiVersion: 'v1', kind: 'Namespace', name: kube.namespace });
      deleted.push(`namespace/${kube.namespace}`);
    }
    const spinner = deps.ui.progress(`Waiting for namespace ${kube.namespace} to be deleted`);
    const outcome = await waitUntil([namespaceGone(kube.namespace)], { kube, namespace: kube.namespace }, { timeoutMs: 120_000, signal: deps.signal });
    if (outcome.passed) spinner.succeed(`namespace ${kube.namespace} deleted`);
    else spinner.fail(`namespace ${kube.namespace} is still terminating; it will finish on its own`);
  } else if (ns) {
    await deleteLabelled(kube, deleted);
  }
  await deleteVolumes(kube, deleted);
  const uncordoned = await uncordonOurs(kube).catch((error: unknown) => {
    // Under a namespaced Role nodes cannot be read; then the tutor cannot have cordoned any either.
    if (isApiError(error, 403)) return [];
    throw error;
  });
  if (options.progress) deps.store.clear();
  return { data: { namespace: kube.namespace, deleted, ...(uncordoned.length ? { uncordoned } : {}), progressCleared: options.progress }, exitCode: 0 };
}

export function renderReset(ui: Ui, data: ResetReport): void {
  if (data.cancelled) return ui.say('Nothing deleted.');
  if (data.deleted.length === 0) ui.ok(`Nothing of the tutor's is left in namespace ${data.namespace}.`);
  else ui.ok(`Deleted ${data.deleted.join(', ')}.`);
  if (data.uncordoned?.length) ui.ok(`Made node${data.uncordoned.length === 1 ? '' : 's'} ${data.uncordoned.join(', ')} schedulable again (the tutor had cordoned ${data.uncordoned.length === 1 ? 'it' : 'them'}).`);
  if (data.progressCleared) ui.ok('Progress cleared.');
}

export default defineCommand({ validate: validateReset, run: runReset, render: renderReset });
