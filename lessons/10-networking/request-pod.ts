import type { Check } from '../../src/checks/check.js';
import { fail, pass } from '../../src/checks/check.js';
import type { Kube, KubeObject } from '../../src/kube/types.js';
import { waitUntil } from '../../src/course/wait.js';

/** A one-shot pod of the sample image that runs `node -e script` and exits; restricted like the manifests' pods. */
export function requestPod(name: string, image: string, script: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { run: name } },
    spec: {
      restartPolicy: 'Never',
      securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name,
        image,
        imagePullPolicy: 'Never',
        command: ['node', '-e', script],
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
      }],
    },
  };
}

export function podFinished(name: string): Check {
  return {
    name: `pod ${name} has finished`,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    async evaluate(ctx) {
      const phase = ((await ctx.kube.get({ apiVersion: 'v1', kind: 'Pod', name }))?.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return pass(this.name, `pod ${name} ${phase}`);
      return fail(this.name, `pod ${name} is ${phase ?? 'missing'}`, { involvedPods: [name] });
    },
  };
}

export interface PodRun {
  phase: string;
  output: string;
}

/** Replaces any earlier pod of that name, runs it to the end (bounded), and returns its phase and output. */
export async function runToCompletion(kube: Kube, pod: KubeObject, options: { timeoutMs: number; signal?: AbortSignal }): Promise<PodRun> {
  const ref = { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name };
  if (await kube.get(ref)) {
    await kube.delete(ref, { gracePeriodSeconds: 0 });
    await waitUntil([gone(pod.metadata.name)], { kube, namespace: kube.namespace }, { timeoutMs: 60_000, ...(options.signal ? { signal: options.signal } : {}) });
  }
  await kube.apply(pod);
  const outcome = await waitUntil([podFinished(pod.metadata.name)], { kube, namespace: kube.namespace }, { timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  const phase = ((await kube.get(ref))?.status as { phase?: string } | undefined)?.phase ?? 'Unknown';
  const output = await kube.logs(pod.metadata.name).catch(() => '');
  return { phase: outcome.passed ? phase : `${phase} (still not finished)`, output };
}

function gone(name: string): Check {
  return {
    name: `pod ${name} is gone`,
    watches: [{ apiVersion: 'v1', kind: 'Pod' }],
    async evaluate(ctx) {
      const pod = await ctx.kube.get({ apiVersion: 'v1', kind: 'Pod', name });
      return pod ? fail(this.name, `pod ${name} still exists`) : pass(this.name, `pod ${name} is gone`);
    },
  };
}
