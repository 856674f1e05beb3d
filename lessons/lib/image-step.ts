import { loadSampleImageForCluster, type LessonContext } from '../engine.js';
import { sampleImage } from '../outline.js';

/** Gets the sample image into the learner's cluster the way their flavor of Kubernetes allows. */
export async function loadImageInto(ctx: LessonContext): Promise<void> {
  await loadSampleImageForCluster(ctx.cluster, sampleImage, (line: string) => ctx.ui.dim(line));
}
