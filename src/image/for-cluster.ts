// The entry point for lessons and commands: get the sample image into the cluster the learner is
// connected to, finding sample-app/ next to the tutor's own files.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImageLoadError } from './errors.js';
import type { Flavor } from '../kube/flavor.js';
import { execaRunner, loadSampleImage, type LoadResult, type Runner } from './load.js';
import { clusterNameFromContext, formatStep, imageNames } from './plan.js';

/** The tutor's root: the nearest directory above `from` holding sample-app/Dockerfile
 * (src/image/ in a checkout, dist/ once bundled, node_modules/k8s-tutor/dist/ when installed). */
export function findTutorRoot(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = resolve(from);
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'sample-app', 'Dockerfile'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

export async function loadSampleImageForCluster(
  cluster: { name: string; flavor: Flavor },
  image: string,
  log: (line: string) => void = () => undefined,
  run: Runner = execaRunner,
  root: string | undefined = findTutorRoot(),
): Promise<LoadResult> {
  if (!root) {
    throw new ImageLoadError('The sample app (sample-app/Dockerfile) was not found next to the tutor.', 'Reinstall k8s-tutor, or run it from its repository.');
  }
  // The local test cluster's script exists only in a checkout of the repository.
  const repoRoot = existsSync(join(root, 'cluster', 'image.sh')) ? root : undefined;
  const result = await loadSampleImage(
    cluster.flavor,
    {
      appDir: join(root, 'sample-app'),
      image,
      repoRoot,
      clusterName: clusterNameFromContext(cluster.flavor, cluster.name),
      onStep: (step, i, total) => log(`[${i + 1}/${total}] ${step.why}\n$ ${formatStep(step)}`),
    },
    run,
  );
  const also = imageNames({ image }).slice(1);
  log(`${image}${also.length ? ` (also tagged ${also.join(', ')})` : ''} is now in the ${cluster.flavor} cluster "${cluster.name}".`);
  return result;
}
