import { APP, DEPLOYMENT, byName, fixByApplying, matches, type Check, type LessonContext } from '../kit.js';

/** Lesson 8's requests and limits, which lesson 9's file (deployment-resources.yaml) brings with its probes. */
export const requestsOfLessonEight = matches(
  DEPLOYMENT,
  { spec: { template: { spec: { containers: byName([{ name: APP, resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } }]) } } } },
  { name: 'Deployment fastapi-k8s: lesson 8\'s requests and limits', ...fixByApplying('deployment-resources.yaml') },
);

/**
 * A try-it's `applies` for "apply lesson 8's file": after lesson 8 the Deployment has it all, and a
 * step that passes by itself would claim work the learner did not do here, so it is passed over with
 * the reason instead. What only some other file brought (lesson 11's probes without requests) still asks.
 */
export function unlessAlreadyApplied(checks: Check[]): (ctx: LessonContext) => Promise<true | string> {
  return async (ctx) => {
    for (const check of checks) if (!(await check.evaluate(ctx)).passed) return true;
    return 'your Deployment already has a liveness probe on the app\'s port and lesson 8\'s requests and limits (you applied them before): nothing to apply here.';
  };
}
