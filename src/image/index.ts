// Getting the sample app's image into the learner's cluster without a registry.
export { ImageLoadError } from './errors.js';
export { FLAVORS, type Flavor } from '../kube/flavor.js';
export { clusterNameFromContext, formatStep, imageLoadPlan, imageNames, latestOf, type ImagePlan, type ImagePlanOptions, type ImageStep, type UnsupportedPlan } from './plan.js';
export { execaRunner, loadSampleImage, type LoadOptions, type LoadResult, type RunResult, type Runner } from './load.js';
export { findTutorRoot, loadSampleImageForCluster } from './for-cluster.js';
