import { APP, fail, fixByApplying, pass, type Check, type KubeObject } from '../kit.js';

/** Lesson 12's checks on the Deployment and its pods: the claim mounted under any volume name, and ReadWriteOnce kept to one node. */

interface PodSpec {
  nodeName?: string;
  containers?: { name: string; volumeMounts?: { name: string; mountPath: string }[] }[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName?: string } }[];
}

/** The volume names that mount the claim at `path` in the app's container (any name: "data" in the guide and the course). */
export function claimMounts(spec: PodSpec | undefined, claim: string, path: string): string[] {
  const volumes = new Set((spec?.volumes ?? []).filter((v) => v.persistentVolumeClaim?.claimName === claim).map((v) => v.name));
  const container = spec?.containers?.find((c) => c.name === APP) ?? spec?.containers?.[0];
  return (container?.volumeMounts ?? []).filter((m) => volumes.has(m.name) && m.mountPath.replace(/\/+$/, '') === path).map((m) => m.name);
}

export function mountsClaim(claim: string, path: string): Check {
  const name = `Deployment ${APP} mounts ${claim} at ${path}`;
  const fix = fixByApplying('storage.yaml', 'deployment-storage.yaml');
  return {
    name,
    watches: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
    async evaluate(ctx) {
      const deployment = await ctx.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: APP });
      if (!deployment) return fail(name, `Deployment ${APP} does not exist`, { fix: fix.create!(ctx) });
      const spec = (deployment.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec;
      const mounts = claimMounts(spec, claim, path);
      if (mounts.length > 0) return pass(name, `volume ${mounts[0]} (persistentVolumeClaim ${claim}) is mounted at ${path}`);
      const there = (spec?.containers?.[0]?.volumeMounts ?? []).find((m) => m.mountPath === path);
      return fail(name, there ? `${path} is volume ${there.name}, which is not the claim ${claim} (an emptyDir dies with its pod)` : `nothing is mounted at ${path}`, {
        path: 'spec.template.spec.volumes', expected: `a volume with persistentVolumeClaim.claimName ${claim}, mounted at ${path}`, actual: there?.name, fix: fix.create!(ctx),
      });
    },
  };
}

/** The nodes the app's scheduled pods run on. */
export function nodesOf(pods: KubeObject[]): string[] {
  return [...new Set(pods.map((p) => (p.spec as PodSpec | undefined)?.nodeName).filter((n): n is string => Boolean(n)))].sort();
}

/**
 * A ReadWriteOnce claim is mounted from one node only: on most clusters the volume attaches to one
 * node, and a pod elsewhere waits with a Multi-Attach error. One replica (or pods pinned to one node)
 * keeps that true. ReadWriteMany claims may spread.
 */
export function claimOnOneNode(claim: string): Check {
  const name = `the pods that mount ReadWriteOnce claim ${claim} run on one node`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }, { apiVersion: 'v1', kind: 'PersistentVolumeClaim' }],
    async evaluate(ctx) {
      const pvc = await ctx.kube.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim });
      const modes = (pvc?.spec as { accessModes?: string[] } | undefined)?.accessModes ?? [];
      if (modes.includes('ReadWriteMany')) return pass(name, `${claim} is ReadWriteMany: pods on any node may mount it`);
      const pods = (await ctx.kube.list('v1', 'Pod', { labelSelector: `app=${APP}` }))
        .filter((p) => !p.metadata.deletionTimestamp && ((p.spec as PodSpec | undefined)?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim));
      const nodes = nodesOf(pods);
      if (nodes.length <= 1) return pass(name, nodes.length ? `every pod that mounts ${claim} runs on ${nodes[0]}` : `no pod mounts ${claim} yet`);
      return fail(name, `pods that mount ${claim} run on ${nodes.length} nodes (${nodes.join(', ')}); a ReadWriteOnce volume attaches to one node, so on most clusters the others would wait with Multi-Attach errors`, {
        path: 'spec.replicas', expected: 1, actual: pods.length, fix: `kubectl scale deployment ${APP} --replicas=1 -n ${ctx.namespace}`,
      });
    },
  };
}
