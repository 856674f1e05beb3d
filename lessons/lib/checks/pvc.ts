import { fail, learnerManifest, pass, type Check } from '../../engine.js';

/** The PersistentVolumeClaim is Bound to a volume. */
export function pvcBound(claim: string): Check {
  const name = `PersistentVolumeClaim ${claim} is Bound`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim' }],
    async evaluate(ctx) {
      const pvc = await ctx.kube.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim });
      if (!pvc) return fail(name, `PersistentVolumeClaim ${claim} does not exist`, { path: 'metadata.name', expected: claim, actual: undefined, fix: `kubectl apply -f ${learnerManifest('storage.yaml')} -n ${ctx.namespace}` });
      const phase = (pvc.status as { phase?: string } | undefined)?.phase;
      const volume = (pvc.spec as { volumeName?: string } | undefined)?.volumeName;
      if (phase === 'Bound') return pass(name, `${claim} is Bound to ${volume ?? 'a volume'}`);
      return fail(name, `${claim} is ${phase ?? 'not bound yet'}: no volume matches it yet (is there a default StorageClass?)`, {
        path: 'status.phase', expected: 'Bound', actual: phase, fix: `kubectl describe pvc ${claim} -n ${ctx.namespace}; kubectl get storageclass`,
      });
    },
  };
}
