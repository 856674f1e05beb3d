/**
 * The one import surface of a lesson: the engine (lessons/engine.ts, grouped by topic) and the course's
 * own helpers (lessons/lib/), grouped by topic too. A lesson imports from here (and from lessons/lib/
 * and its own folder), never from src/. See docs/writing-lessons.md.
 */
export * from './engine.js';
export { about } from './outline.js';

// The course's app: its names, its image, getting it running, waiting for it.
export { APP, DEPLOYMENT, IMAGE, SERVICE, replicasReady, deploymentNeed, namespaceNeed, sampleImageNeed, tryApply as applyStep, waitOrExplain } from './lib/app.js';
export { appContainer, ensureProbesAndRequests, features } from './lib/deployment.js';

// Pods, events and objects of the course.
export { absent, appPods, eventsAbout, fixByApplying, restartsOf } from './lib/objects.js';
export { podTable } from './lib/pod-table.js';

// The event timeline around the tutor's and the learner's actions.
export { learnerTimeline, seconds, timelineOf, watchForLearner } from './lib/timeline.js';

// Config: the app serves what its ConfigMap and Secret say.
export { configServed } from './lib/checks/config-served.js';
