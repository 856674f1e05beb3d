import type { Baselines, Check, CheckResult } from './check.js';
import { pass } from './check.js';

/**
 * Evidence of a learner's action, kept inside the check's baseline: what a latching check saw when
 * it first passed, and when.
 */
export interface Evidence {
  message: string;
  at: string;
}

export function evidenceIn(baseline: unknown): Evidence | undefined {
  const seen = (baseline as { seen?: Evidence } | undefined)?.seen;
  return seen && typeof seen.message === 'string' ? seen : undefined;
}

/** A latching check whose evidence is kept passes on it, saying when it was seen. */
export function passOnEvidence(check: Check, baseline: unknown): CheckResult | undefined {
  if (!check.latch) return undefined;
  const seen = evidenceIn(baseline);
  return seen ? pass(check.name, `${seen.message} (seen ${seen.at})`, { fromEvidence: true }) : undefined;
}

/**
 * The baselines with evidence added for every latching check that passed on the cluster's own
 * state; undefined when nothing new was seen (so callers write nothing).
 */
export function withEvidence(checks: Check[], results: CheckResult[], baselines: Baselines, now = new Date()): Baselines | undefined {
  let next: Baselines | undefined;
  for (const [i, check] of checks.entries()) {
    const result = results[i];
    if (!check.latch || !result?.passed || result.fromEvidence || evidenceIn(baselines[check.name])) continue;
    next ??= { ...baselines };
    const base = baselines[check.name];
    next[check.name] = { ...(typeof base === 'object' && base !== null ? base : {}), seen: { message: result.message, at: now.toISOString() } };
  }
  return next;
}
