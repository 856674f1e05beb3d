import type { LessonContext } from '../../src/course/lesson.js';
import { IMAGE } from './app.js';

/** Gets the sample image into the learner's cluster the way their flavor of Kubernetes allows. */
export async function loadImageInto(ctx: LessonContext): Promise<void> {
  const { loadSampleImageForCluster } = await import('../../src/image/for-cluster.js');
  await loadSampleImageForCluster(ctx.cluster, IMAGE, (line: string) => ctx.ui.dim(line));
}
