/**
 * The one import surface of a lesson: the step kinds, the checks, and the course's own helpers.
 * A lesson imports from here (and from files in its own folder), never from src/ directly, so that
 * the engine can change behind this list. See docs/writing-lessons.md.
 */

// Step kinds and the lesson's shape.
export { act, defineLesson, explain, tryIt, waitFor } from '../src/course/lesson.js';
export type { ActStep, Lesson, LessonContext, Need, Step, TryStep, WaitStep } from '../src/course/lesson.js';
export { about } from './outline.js';

// Checks: partial objects, workloads, before/after.
export { fail, pass } from '../src/checks/check.js';
export type { Check, CheckContext, CheckResult } from '../src/checks/check.js';
export { exists, matches } from '../src/checks/object.js';
export type { MatchOptions } from '../src/checks/object.js';
export { byName } from '../src/checks/match.js';
export { countReadyEndpoints, endpointsReady, explainPods, podReplaced } from '../src/checks/workload.js';
export type { PodStatus } from '../src/checks/workload.js';

// The course's app, its manifests and the learner's copy of them.
export { APP, DEPLOYMENT, IMAGE, SERVICE, replicasReady, deploymentNeed, namespaceNeed, sampleImageNeed, tryApply as applyStep, waitOrExplain } from './lib/app.js';
export { appContainer, ensureProbesAndRequests, features } from './lib/deployment.js';
export { absent, appPods, eventsAbout, fixByApplying, restartsOf } from './lib/objects.js';
export { learnerManifest } from '../src/course/workdir.js';
export { applyManifest } from '../src/course/apply.js';

// Showing the cluster: tables and the event timeline.
export { formatTable } from '../src/ui/ui.js';
export { POD_HEADER, SERVICE_HEADER, podHeader, podRow, serviceRow } from '../src/kube/tables.js';
export { learnerTimeline, seconds, timelineOf, watchForLearner } from './lib/timeline.js';
export { podTable } from './lib/pod-table.js';
export type { KubeObject } from '../src/kube/types.js';

// Used by lessons 11-15 (additive block: rollouts, the course's own errors, app checks).
export { rolloutRestart, rolloutUndo } from '../src/kube/rollout-ops.js';
export { ClusterError } from '../src/errors.js';
export { configServed } from './lib/checks/config-served.js';
export { serviceAnswers } from '../src/checks/service-answers.js';
export { eventTime } from '../src/kube/events.js';
export { age } from '../src/kube/tables.js';
export { parseQuantity } from '../src/kube/quantity.js';
export { allocatableMillicores } from '../src/kube/capacity.js';

// Used by lessons 1-5 (additive block): the namespace, rollout status, short pod names.
export { ensureNamespace } from '../src/kube/namespace.js';
export { rolloutStatus } from '../src/kube/rollout.js';
export { shortPod } from '../src/course/timeline.js';

// Used by lessons 6-10 (additive block): rollout history and revisions, the Kube interface's type.
export { CHANGE_CAUSE_ANNOTATION, history, ownedReplicaSets, revisionOf } from '../src/kube/rollout.js';
export type { Kube } from '../src/kube/types.js';
export { followLogs } from '../src/kube/follow-logs.js';
export { topNodes, topPods } from '../src/kube/metrics.js';
export { detectFeatures } from '../src/kube/features.js';
export { isApiError } from '../src/errors.js';
export { podUnschedulable } from '../src/checks/scheduling.js';
export { canDrain, cordon, cordonedByTutor, drainAndRestore, drainCommand, evictOurs, isCordoned, schedulableNodes, uncordon, uncordonOurs } from '../src/kube/nodes.js';
export { acceptsAsLocal } from '../src/kube/guard.js';

// What a lesson about the course itself reads: the progress store, the package's manifests, the tutor's labels.
export { qualifiedName } from '../src/course/apply.js';
export { configDir, ProgressStore } from '../src/course/progress.js';
export { manifestsDir } from '../src/course/manifests.js';
export { MANAGED_BY_LABEL, MANAGED_BY_SELECTOR, MANAGED_BY_VALUE, NAMESPACE_LABEL } from '../src/kube/types.js';
