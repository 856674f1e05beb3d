import { fail, learnerManifest, pass, type Check, type KubeObject } from '../../engine.js';
import { appPods } from '../objects.js';

/** The keys of the ConfigMap that GET /config reports, as the app names them. */
const REPORTED: [key: string, field: string][] = [['APP_ENV', 'app_env'], ['LOG_LEVEL', 'log_level'], ['MAX_CONNECTIONS', 'max_connections']];

const ready = (p: KubeObject) => (p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * Every ready pod of the app answers GET /config with the ConfigMap's current values. Env vars are
 * read when a container starts, so a changed ConfigMap shows only after the pods are replaced.
 */
export function configServed(app: string, configMap: string): Check {
  const name = `GET /config reflects ConfigMap ${configMap} on every pod (pods restarted after the change)`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }, { apiVersion: 'v1', kind: 'ConfigMap' }],
    async evaluate(ctx) {
      const cm = await ctx.kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: configMap });
      if (!cm) return fail(name, `ConfigMap ${configMap} does not exist`, { path: 'metadata.name', expected: configMap, actual: undefined, fix: `kubectl apply -f ${learnerManifest('config.yaml')} -n ${ctx.namespace}` });
      const data = (cm.data as Record<string, string> | undefined) ?? {};
      const pods = (await appPods(ctx, { app })).filter(ready);
      if (pods.length === 0) return fail(name, `no ${app} pod is ready to ask`, { fix: `kubectl get pods -l app=${app} -n ${ctx.namespace}` });
      let agreeing = 0;
      for (const pod of pods) {
        // A pod that does not answer (it may be stopping) counts as not serving the values: the failure below says which.
        const answer = await ctx.kube.proxy({ kind: 'pod', name: pod.metadata.name, port: 8000 }, '/config').catch(() => undefined);
        let served: Record<string, unknown> = {};
        try {
          served = JSON.parse(answer?.body ?? '{}') as Record<string, unknown>;
        } catch {
          served = {};
        }
        const off = REPORTED.find(([key, field]) => key in data && String(served[field] ?? '').toLowerCase() !== String(data[key]).toLowerCase());
        if (!off) {
          agreeing++;
          continue;
        }
        const [key, field] = off;
        return fail(name, `pod ${pod.metadata.name} reports ${field}=${String(served[field] ?? 'nothing')}, but ConfigMap ${configMap} says ${key}=${data[key]}; env vars are read at start, so restart the pods`, {
          path: `/config.${field}`, expected: data[key], actual: served[field], progress: { done: agreeing, total: pods.length },
          fix: `kubectl rollout restart deployment ${app} -n ${ctx.namespace}`,
        });
      }
      return pass(name, `all ${pods.length} pods serve ${REPORTED.filter(([k]) => k in data).map(([k, f]) => `${f}=${data[k]}`).join(', ')}`, { progress: { done: agreeing, total: pods.length } });
    },
  };
}
