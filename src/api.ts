/**
 * The engine's public surface for tools outside the tutor (bench/): connect as the CLI does, and wait
 * on watches with the checks' own machinery. The tutor itself does not import this file.
 */
export type { Check } from './checks/check.js';
export { fail, pass } from './checks/check.js';
export { waitUntil } from './course/wait.js';
export { connect } from './kube/connect.js';
export type { KubeObject } from './kube/types.js';
