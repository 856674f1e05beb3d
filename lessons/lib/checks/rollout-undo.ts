import { learnerManifest } from '../../../src/course/workdir.js';
import { ownedReplicaSets, revisionOf, rolloutStatus, REVISION_ANNOTATION } from '../../../src/kube/rollout.js';
import type { KubeObject } from '../../../src/kube/types.js';
import type { Check } from '../../../src/checks/check.js';
import { fail, pass } from '../../../src/checks/check.js';

/** Set by the Deployment controller on a ReplicaSet that an undo brought back: its earlier revisions. */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function withoutHash(template: unknown): unknown {
  const copy = structuredClone(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return copy;
}

/**
 * The Deployment has at least `minRevision` revisions, its current ReplicaSet is one that
 * `rollout undo` brought back, the template is still the restored one, and the rollout finished.
 */
export function undoRestored(app: string, minRevision = 3): Check {
  const name = `${app}: at least ${minRevision} revisions, and the undo's template is current`;
  return {
    name,
    watches: [{ apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'apps/v1', kind: 'ReplicaSet' }],
    async evaluate(ctx) {
      const undo = `kubectl rollout undo deployment ${app} -n ${ctx.namespace}`;
      const deployment = await ctx.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: app });
      if (!deployment) {
        return fail(name, `Deployment ${app} does not exist in namespace ${ctx.namespace}`, { path: 'metadata.name', expected: app, actual: undefined, fix: `kubectl apply -f ${learnerManifest('deployment-rolling.yaml')} -n ${ctx.namespace}` });
      }
      const revision = Number(deployment.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
      if (revision < minRevision) {
        return fail(name, `Deployment ${app} is at revision ${revision}; this lesson expects at least ${minRevision}: roll out a new version, then undo it`, {
          path: `metadata.annotations["${REVISION_ANNOTATION}"]`, expected: `≥${minRevision}`, actual: revision, progress: { done: revision, total: minRevision },
          fix: revision < 2 ? `kubectl set env deployment/${app} APP_VERSION=2.0.0 -n ${ctx.namespace}` : undo,
        });
      }
      const replicaSets = ownedReplicaSets(deployment, await ctx.kube.list('apps/v1', 'ReplicaSet'));
      const current = replicaSets.find((rs) => revisionOf(rs) === revision) as KubeObject | undefined;
      const restoredFrom = current?.metadata.annotations?.[REVISION_HISTORY_ANNOTATION];
      if (!current || !restoredFrom) {
        return fail(name, `revision ${revision} of ${app} is a new template, not one brought back by an undo`, {
          path: `replicaset.metadata.annotations["${REVISION_HISTORY_ANNOTATION}"]`, expected: 'an earlier revision', actual: undefined, fix: undo,
        });
      }
      const template = (deployment.spec as { template?: unknown } | undefined)?.template;
      const restored = (current.spec as { template?: unknown } | undefined)?.template;
      if (!sameValue(withoutHash(template), withoutHash(restored))) {
        return fail(name, `the Deployment's pod template changed after the undo; it no longer equals revision ${revision}`, {
          path: 'spec.template', expected: `revision ${revision}'s template`, actual: 'a different template', fix: undo,
        });
      }
      const status = rolloutStatus(deployment);
      if (!status.done) return fail(name, status.message, { path: 'status', expected: 'rolled out', actual: status.message, fix: `kubectl rollout status deployment/${app} -n ${ctx.namespace}` });
      return pass(name, `revision ${revision} restores earlier revision ${restoredFrom} and is rolled out`);
    },
  };
}
