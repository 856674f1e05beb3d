import type { ObjectRef } from '../kube/types.js';
import type { Check, CheckContext } from './check.js';
import { fail, failWithVerdicts, pass } from './check.js';
import { matchPartial, type Mismatch } from './match.js';
import { trimmedDiff } from './diff.js';
import { verdictFor } from './verdict.js';

type Ref = Omit<ObjectRef, 'namespace'>;

function subjectOf(ref: Ref): string {
  return `${ref.kind} ${ref.name}`;
}

function kubectlGet(ref: Ref, ctx: CheckContext): string {
  return `kubectl get ${ref.kind.toLowerCase()} ${ref.name} -n ${ctx.namespace}`;
}

/** The object exists. */
export function exists(ref: Ref, options: { fix?: (ctx: CheckContext) => string; name?: string } = {}): Check {
  const name = options.name ?? `${subjectOf(ref)} exists`;
  return {
    name,
    watches: [{ apiVersion: ref.apiVersion, kind: ref.kind }],
    async evaluate(ctx) {
      const found = await ctx.kube.get(ref);
      if (found) return pass(name, `${subjectOf(ref)} exists`);
      return fail(name, `${subjectOf(ref)} does not exist in namespace ${ctx.namespace}`, {
        path: 'metadata.name', expected: ref.name, actual: undefined,
        ...(options.fix ? { fix: options.fix(ctx) } : {}),
      });
    },
  };
}

export interface MatchOptions {
  name?: string;
  /** The kubectl command that fixes a given mismatch. */
  fix?: (mismatch: Mismatch, ctx: CheckContext) => string | undefined;
  /** The fix when the object is missing altogether. */
  create?: (ctx: CheckContext) => string;
}

/** The object exists and contains the expected partial object (see match.ts for the rules). */
export function matches(ref: Ref, expected: Record<string, unknown>, options: MatchOptions = {}): Check {
  const name = options.name ?? `${subjectOf(ref)} is as expected`;
  return {
    name,
    watches: [{ apiVersion: ref.apiVersion, kind: ref.kind }],
    async evaluate(ctx) {
      const actual = await ctx.kube.get(ref);
      if (!actual) {
        return fail(name, `${subjectOf(ref)} does not exist in namespace ${ctx.namespace}`, {
          path: 'metadata.name', expected: ref.name, actual: undefined,
          fix: options.create?.(ctx) ?? kubectlGet(ref, ctx),
        });
      }
      const mismatches = matchPartial(expected, actual);
      if (mismatches.length === 0) return pass(name, `${subjectOf(ref)} is as expected`);
      const verdicts = mismatches.map((m) => verdictFor(m, subjectOf(ref), (mm) => options.fix?.(mm, ctx)));
      return failWithVerdicts(name, verdicts, { diff: trimmedDiff(expected, actual) });
    },
  };
}
