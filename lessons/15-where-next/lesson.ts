import { about } from '../catalog.js';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import type { Check } from '../../src/checks/check.js';
import { pass } from '../../src/checks/check.js';
import { replicasReady } from '../lib/app.js';
import { qualifiedName } from '../../src/course/apply.js';
import { act, defineLesson, explain, tryIt, type LessonContext } from '../../src/course/lesson.js';
import { configDir, ProgressStore } from '../../src/course/progress.js';
import { MANAGED_BY_LABEL, MANAGED_BY_SELECTOR, NAMESPACE_LABEL, MANAGED_BY_VALUE, type KubeObject } from '../../src/kube/types.js';
import { deploymentNeed, namespaceNeed } from '../lib/app.js';
import { DEV_APP, devVariant, writeOverlay } from './overlay.js';

const devReady = replicasReady(DEV_APP, 1);

/** The overlay's Deployment runs; or the learner took the offered reset, after which there is nothing left to check. */
const overlayApplied: Check = {
  name: `the Kustomize overlay runs (${DEV_APP}: 1/1 ready)`,
  watches: devReady.watches,
  async evaluate(ctx) {
    const ns = await ctx.kube.get({ apiVersion: 'v1', kind: 'Namespace', name: ctx.namespace });
    if (!ns || ns.metadata.deletionTimestamp) return pass(this.name, `namespace ${ctx.namespace} was reset: the course is over`);
    const result = await devReady.evaluate(ctx);
    return { ...result, name: this.name, ...(result.passed ? {} : { fix: `kubectl apply -k ${join(configDir(), 'kustomize', 'overlays', 'dev')} -n ${ctx.namespace}   (k8s-tutor lesson where-next writes it)` }) };
  },
};

/** Renders the overlay with `kubectl kustomize` when kubectl is there, else does the same in code. */
async function render(ctx: LessonContext): Promise<{ objects: KubeObject[]; by: 'kubectl' | 'tutor' }> {
  const overlay = writeOverlay(join(configDir(), 'kustomize'));
  ctx.vars.overlay = overlay;
  try {
    const { stdout } = await execa('kubectl', ['kustomize', overlay], { timeout: 30_000 });
    return { objects: parseAllDocuments(stdout).map((d) => d.toJS() as KubeObject).filter(Boolean), by: 'kubectl' };
  } catch {
    return { objects: devVariant(await ctx.manifest('k8s.yaml')), by: 'tutor' };
  }
}

function describe(o: KubeObject): string {
  const spec = o.spec as { replicas?: number; type?: string };
  const extra = o.kind === 'Deployment' ? `replicas ${spec.replicas}` : `type ${spec.type ?? 'ClusterIP'}`;
  return `  ${o.kind.padEnd(11)} ${o.metadata.name.padEnd(16)} ${extra.padEnd(16)} app=${o.metadata.labels?.app ?? ''}`;
}

export default defineLesson({
  ...about('where-next'),
  needs: [namespaceNeed, deploymentNeed],
  steps: [
    explain([
      'You have written every object by hand. Past a handful of apps, two tools take over the YAML:',
      '  Helm        a package manager: a chart is a templated, versioned bundle you install with values,',
      '              e.g. `helm install my-db bitnami/postgresql`. Good for other people\'s software.',
      '  Kustomize   built into kubectl: a base of plain YAML plus small overlays per environment,',
      '              no templates. Good for your own app in dev, staging and production.',
    ]),
    act({
      say: 'Rendering a small Kustomize overlay of {manifests}/k8s.yaml',
      kubectl: 'kubectl kustomize {overlay}',
      async run(ctx) {
        const { objects, by } = await render(ctx);
        ctx.vars.renderedBy = by;
        return [
          `${ctx.vars.overlay}/kustomization.yaml: base ../../base (your k8s.yaml), namePrefix dev-, label app=${DEV_APP}, 1 replica, a ClusterIP Service`,
          ...objects.map(describe),
          by === 'kubectl' ? 'Rendered by kubectl kustomize: nothing was sent to the cluster yet.' : 'kubectl is not on your PATH, so the tutor applied the same changes itself. With kubectl, `kubectl kustomize <dir>` prints this.',
        ];
      },
    }),
    tryIt({
      task: 'Apply the overlay with kubectl\'s -k flag.',
      until: [devReady],
      hints: ['kubectl apply -k <overlay directory> -n {ns}', 'kubectl apply -k {overlay} -n {ns}'],
      kubectl: 'kubectl apply -k {overlay} -n {ns}',
      async doIt(ctx) {
        const { objects } = await render(ctx);
        for (const o of objects) {
          await ctx.kube.apply(o);
          ctx.ui.dim(`${qualifiedName(o)} configured`);
        }
      },
    }),
    explain([
      'Then automate it. A CI/CD pipeline (GitHub Actions, GitLab CI) builds and pushes the image on every push;',
      'a GitOps tool (Argo CD, Flux) keeps the cluster equal to the YAML in Git, as a controller would.',
      'And run it somewhere sturdier: EKS, GKE or AKS in the cloud, or k3s and kubeadm on your own machines.',
      'The reference is kubernetes.io/docs; the kubectl cheat sheet is worth a bookmark.',
    ]),
    act({
      say: 'Your course so far',
      kubectl: 'k8s-tutor list',
      async run(ctx) {
        const progress = new ProgressStore(configDir()).load();
        const entries = Object.entries(progress.lessons);
        const done = entries.filter(([, p]) => p.status === 'done').map(([id]) => id);
        const open = entries.filter(([id, p]) => p.status !== 'done' && id !== 'where-next').map(([id]) => id);
        const objects = await ctx.kube.list('v1', 'Pod', { labelSelector: MANAGED_BY_SELECTOR });
        return [
          `Done: ${done.length ? done.join(', ') : 'none yet (this one will be)'}`,
          ...(open.length ? [`Started, not finished: ${open.join(', ')}`] : []),
          `In namespace ${ctx.namespace}, ${objects.length} pods the tutor made are running.`,
        ];
      },
    }),
    act({
      say: 'Cleaning up',
      kubectl: 'k8s-tutor reset',
      async run(ctx) {
        if (ctx.yes) return ['Kept everything (--yes keeps it). `k8s-tutor reset` deletes what the tutor made, whenever you like.'];
        const go = await ctx.ui.confirm(`Delete everything the tutor made in ${ctx.namespace} now?`, { default: false, signal: ctx.signal });
        if (!go) return ['Kept. `k8s-tutor reset` deletes it whenever you like.'];
        const ns = await ctx.kube.get({ apiVersion: 'v1', kind: 'Namespace', name: ctx.namespace });
        if (ns?.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) return [`The tutor did not create ${ctx.namespace}, so it leaves it: run \`k8s-tutor reset\`, which deletes only its own objects there.`];
        await ctx.kube.delete({ apiVersion: 'v1', kind: 'Namespace', name: ctx.namespace });
        const volumes = await ctx.kube.list('v1', 'PersistentVolume', { labelSelector: `${MANAGED_BY_SELECTOR},${NAMESPACE_LABEL}=${ctx.namespace}`, namespace: null });
        for (const pv of volumes) await ctx.kube.delete({ apiVersion: 'v1', kind: 'PersistentVolume', name: pv.metadata.name });
        return [`namespace/${ctx.namespace} is being deleted${volumes.length ? `, and ${volumes.length} PersistentVolume with it` : ''}. Thanks for learning with k8s-tutor.`];
      },
    }),
  ],
  check: [overlayApplied],
  hints: ['kubectl kustomize <dir>', 'kubectl apply -k <dir> -n {ns}'],
});
