import type { ContextInfo } from '../kube/guard.js';
import type { Kube } from '../kube/types.js';

export interface CheckContext {
  kube: Kube;
  namespace: string;
  /** What the check recorded when its lesson (or the first `check`) began, for before/after checks. */
  baseline?: unknown;
  /** The kubeconfig context the check runs against (a check about nodes asks whether it is local). */
  cluster?: ContextInfo;
}

/** One field that is not as the lesson expects, in words a beginner can act on. */
export interface Verdict {
  path: string;
  expected: unknown;
  actual: unknown;
  /** One plain sentence: "replicas is 1; this lesson expects 3". */
  sentence: string;
  /** The kubectl command that would fix it, when there is one. */
  fix?: string;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  /** One line: what holds, or the first thing that does not. */
  message: string;
  path?: string;
  expected?: unknown;
  actual?: unknown;
  fix?: string;
  /** Every mismatch, not just the first. */
  verdicts?: Verdict[];
  /** A trimmed expected/actual diff of the object, when one was compared. */
  diff?: string[];
  /** Counts for live progress ("3/5 ready"). */
  progress?: { done: number; total: number };
  /** Pods whose events and logs explain a failure. */
  involvedPods?: string[];
  /** A latching check's pass that came from kept evidence rather than from the cluster now. */
  fromEvidence?: boolean;
}

export interface WatchSpec {
  apiVersion: string;
  kind: string;
  labelSelector?: string;
}

export interface Check {
  name: string;
  /** The kinds whose changes can change this check's answer; waits re-evaluate on their events. */
  watches: WatchSpec[];
  /** Records facts before the learner acts (JSON-serialisable); given back as ctx.baseline. */
  baseline?(ctx: CheckContext): Promise<unknown>;
  /**
   * The check is about an action (a delete, an undo, a request), not a state: once it passes, its
   * evidence is kept with the lesson's progress (see evidence.ts), so that a later change that
   * hides the action (a rollout replacing every pod) does not undo what the learner did.
   */
  latch?: boolean;
  /**
   * The check judges an answer the learner gives (a value they type): each new failing message is a
   * verdict on their latest try, shown while the tutor goes on waiting, not only when the wait ends.
   */
  answers?: boolean;
  evaluate(ctx: CheckContext): Promise<CheckResult>;
}

export function pass(name: string, message: string, extra: Partial<CheckResult> = {}): CheckResult {
  return { name, passed: true, message, ...extra };
}

export function fail(name: string, message: string, extra: Partial<CheckResult> = {}): CheckResult {
  return { name, passed: false, message, ...extra };
}

/** A failed result carrying all verdicts, with the first one's fields at the top as the contract's JSON wants. */
export function failWithVerdicts(name: string, verdicts: Verdict[], extra: Partial<CheckResult> = {}): CheckResult {
  const [first] = verdicts;
  if (!first) return fail(name, 'not as expected', extra);
  return {
    name,
    passed: false,
    message: first.sentence,
    path: first.path,
    expected: first.expected,
    actual: first.actual,
    ...(first.fix ? { fix: first.fix } : {}),
    verdicts,
    ...extra,
  };
}

/** Each before/after check's starting point, by check name (taken when a step began; kept with the progress). */
export type Baselines = Record<string, unknown>;
