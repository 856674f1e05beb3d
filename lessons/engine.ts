/**
 * The engine as the course sees it: everything lessons/lib and (through lessons/kit.ts) the lessons use
 * of src/, grouped by topic. It is the course's one door into src/ (`npm run deps` holds it so), so
 * the engine can change behind this list.
 */

// Steps and the lesson's shape.
export { act, defineLesson, explain, tryIt, waitFor } from '../src/course/lesson.js';
export type { ActStep, Lesson, LessonContext, Need, Step, TryStep, WaitStep } from '../src/course/lesson.js';

// Checks: the verdict, partial objects, workloads, before/after.
export { fail, pass } from '../src/checks/check.js';
export type { Check, CheckContext, CheckResult } from '../src/checks/check.js';
export { exists, matches } from '../src/checks/object.js';
export type { MatchOptions } from '../src/checks/object.js';
export { byName } from '../src/checks/match.js';
export { countReadyEndpoints, endpointsReady, explainPods, podReplaced, replicasReady as deploymentReady } from '../src/checks/workload.js';
export type { PodStatus } from '../src/checks/workload.js';
export { serviceAnswers } from '../src/checks/service-answers.js';
export { podUnschedulable } from '../src/checks/scheduling.js';
export { waitUntil } from '../src/course/wait.js';

// Objects, the namespace and the tutor's labels.
export type { Kube, KubeObject, ObjectRef } from '../src/kube/types.js';
export { MANAGED_BY_LABEL, MANAGED_BY_SELECTOR, MANAGED_BY_VALUE, NAMESPACE_LABEL } from '../src/kube/types.js';
export { ensureNamespace } from '../src/kube/namespace.js';
export { ClusterError, InterruptedError, isApiError } from '../src/errors.js';

// The cluster: its flavor, features, images, capacity and the guard.
export { detectFeatures } from '../src/kube/features.js';
export type { ClusterFeatures } from '../src/kube/features.js';
export type { Flavor } from '../src/kube/flavor.js';
export { imageOnNodes } from '../src/kube/images.js';
export { metricsServerInstall } from '../src/kube/metrics-install.js';
export { parseQuantity } from '../src/kube/quantity.js';
export { allocatableMillicores } from '../src/kube/capacity.js';
export { acceptsAsLocal } from '../src/kube/guard.js';

// Pods and Services as tables.
export { POD_HEADER, SERVICE_HEADER, age, podHeader, podRow, serviceRow } from '../src/kube/tables.js';
export { formatTable } from '../src/ui/ui.js';
export { shortPod } from '../src/course/timeline.js';

// Events, logs and metrics.
export { eventTime } from '../src/kube/events.js';
export { followLogs } from '../src/kube/follow-logs.js';
export { topNodes, topPods } from '../src/kube/metrics.js';

// Rollouts: status, history, restart and undo.
export { CHANGE_CAUSE_ANNOTATION, history, ownedReplicaSets, revisionOf, rolloutStatus } from '../src/kube/rollout.js';
export { rolloutRestart, rolloutUndo } from '../src/kube/rollout-ops.js';

// Nodes: cordon, drain, uncordon (only the tutor's own pods, only on a local cluster).
export { canDrain, cordon, cordonedByTutor, drainAndRestore, drainCommand, evictOurs, isCordoned, schedulableNodes, uncordon, uncordonOurs } from '../src/kube/nodes.js';

// The event timeline around an action.
export { clipAtWord, formatOffset, formatTimeline } from '../src/course/timeline.js';
export type { TimelineTag, TimelineView } from '../src/course/timeline.js';
export { startRecording } from '../src/course/timeline-watch.js';
export type { Recording } from '../src/course/timeline-watch.js';

// The learner's copy of the course files, applying them, and the course's own state.
export { learnerManifest } from '../src/course/workdir.js';
export { applyManifest, qualifiedName } from '../src/course/apply.js';
export { configDir, ProgressStore } from '../src/course/progress.js';
export { manifestsDir } from '../src/course/manifests.js';

// Getting the sample image into a cluster, per flavor: loaded only when a lesson has to.
type LoadImage = typeof import('../src/image/for-cluster.js').loadSampleImageForCluster;
export async function loadSampleImageForCluster(...args: Parameters<LoadImage>): ReturnType<LoadImage> {
  return (await import('../src/image/for-cluster.js')).loadSampleImageForCluster(...args);
}
