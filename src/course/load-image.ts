import { join } from 'node:path';
import type { ContextInfo } from '../kube/guard.js';
import { packageRoot } from './manifests.js';

/** Builds or imports the sample app's image into the learner's cluster, printing each command as it runs. */
export async function loadSampleImageForCluster(cluster: ContextInfo, image: string, print: (line: string) => void): Promise<void> {
  const { clusterNameFromContext, loadSampleImage } = await import('../image/index.js');
  const root = packageRoot();
  await loadSampleImage(cluster.flavor, {
    appDir: join(root, 'sample-app'),
    image,
    repoRoot: root,
    clusterName: clusterNameFromContext(cluster.flavor, cluster.name),
    onStep: (step) => print(`$ ${[step.file, ...step.args].join(' ')}   # ${step.why}`),
  });
}
