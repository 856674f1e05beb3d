import type { Baselines, Check, CheckContext, CheckResult } from './check.js';
import { describeError } from '../kube/describe-error.js';
import { passOnEvidence } from './evidence.js';

export type { Baselines };

/** Evaluates checks concurrently; a check that throws becomes a failed result, never a crash. */
export async function evaluateAll(checks: Check[], ctx: Omit<CheckContext, 'baseline'>, baselines: Baselines = {}): Promise<CheckResult[]> {
  return Promise.all(checks.map((check) => evaluateOne(check, { ...ctx, baseline: baselines[check.name] })));
}

export async function evaluateOne(check: Check, ctx: CheckContext): Promise<CheckResult> {
  const kept = passOnEvidence(check, ctx.baseline);
  if (kept) return kept;
  try {
    return await check.evaluate(ctx);
  } catch (error) {
    const { message, hint } = describeError(error);
    return { name: check.name, passed: false, message: `${message} (${hint})` };
  }
}

/** Takes the baselines of the checks that have one, for before/after comparisons. */
export async function takeBaselines(checks: Check[], ctx: Omit<CheckContext, 'baseline'>): Promise<Baselines> {
  const entries = await Promise.all(
    checks.filter((c) => c.baseline).map(async (c) => [c.name, await c.baseline!(ctx)] as const),
  );
  return Object.fromEntries(entries);
}
