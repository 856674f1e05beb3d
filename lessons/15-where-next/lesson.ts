import { about, act, defineLesson, explain, replicasReady, tryIt, type Check, type KubeObject } from '../kit.js';
import { deploymentNeed, namespaceNeed } from '../lib/app.js';
import { applied, courseSoFar, overlayDir, render, resetNow, tutorPods } from './course.js';
import { DEV_APP } from './overlay.js';

const devReady = replicasReady(DEV_APP, 1);

/**
 * The learner applied the overlay: its Deployment ran 1/1 ready. Latched: once seen, the evidence
 * is kept with the progress, so the reset this lesson offers at the end does not undo the learner's
 * step; a learner who never applied the overlay has no evidence, and a reset does not pass it.
 */
export const overlayApplied: Check = {
  name: `you applied the Kustomize overlay (${DEV_APP}: 1/1 ready)`,
  watches: devReady.watches,
  latch: true,
  async evaluate(ctx) {
    const result = await devReady.evaluate(ctx);
    return { ...result, name: this.name, ...(result.passed ? {} : { fix: `kubectl apply -k ${overlayDir()} -n ${ctx.namespace}   # k8s-tutor lesson where-next writes the overlay` }) };
  },
};

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
      '              e.g. `helm install my-postgres bitnami/postgresql`. Good for other people\'s software.',
      '              The tutor does not run helm: it is a separate program, not part of kubectl, and a chart',
      '              pulls someone else\'s software from the internet into your cluster.',
      '  Kustomize   built into kubectl: a base of plain YAML plus small overlays per environment,',
      '              no templates. Good for your own app in dev, staging and production.',
    ]),
    act({
      say: 'Rendering a small Kustomize overlay of {manifests}/k8s.yaml',
      kubectl: `kubectl kustomize ${overlayDir()}`,
      async run(ctx) {
        const { overlay, objects, by } = await render(ctx);
        return [
          `${overlay}/kustomization.yaml: base ../../base (your k8s.yaml), namePrefix dev-, label app=${DEV_APP}, 1 replica, a ClusterIP Service`,
          ...objects.map(describe),
          by === 'kubectl' ? 'Rendered by kubectl kustomize: nothing was sent to the cluster yet.' : 'kubectl is not on your PATH, so the tutor applied the same changes itself. With kubectl, `kubectl kustomize <dir>` prints this.',
          'The guide\'s `kubectl apply -k overlays/production/` is the same command pointed at a production overlay.',
        ];
      },
    }),
    tryIt({
      task: `Apply the overlay with kubectl's -k flag: it is in ${overlayDir()}.`,
      until: [overlayApplied],
      hints: ['kubectl apply -k <overlay directory> -n {ns}', `kubectl apply -k ${overlayDir()} -n {ns}`],
      kubectl: `kubectl apply -k ${overlayDir()} -n {ns}`,
      async doIt(ctx) {
        const { objects } = await render(ctx);
        for (const o of objects) {
          await ctx.kube.apply(o);
          ctx.ui.dim(applied(o));
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
        const { done, open } = courseSoFar();
        return [
          `Done: ${done.length ? done.join(', ') : 'none yet (this one will be)'}`,
          ...(open.length ? [`Started, not finished: ${open.join(', ')}`] : []),
          `In namespace ${ctx.namespace}, ${await tutorPods(ctx)} pods the tutor made are running.`,
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
        return resetNow(ctx);
      },
    }),
  ],
  check: [overlayApplied],
  hints: [`kubectl kustomize ${overlayDir()}`, `kubectl apply -k ${overlayDir()} -n {ns}`],
});
