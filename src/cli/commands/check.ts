import type { CheckResult } from '../../checks/check.js';
import { evaluateAll, takeBaselines, type Baselines } from '../../checks/evaluate.js';
import { withEvidence } from '../../checks/evidence.js';
import type { LessonHeader } from '../../course/lesson.js';
import { showResults } from '../../course/show-results.js';
import { waitUntil } from '../../course/wait.js';
import { UsageError } from '../../errors.js';
import { assertReachable } from '../../kube/reachable.js';
import type { Ui } from '../../ui/ui.js';
import { announceLearnerCopy } from '../announce.js';
import { defineCommand, type CommandInput, type CommandResult, type Deps } from '../deps.js';
import { resolveLesson } from '../resolve.js';

export interface CheckOptions {
  lesson: LessonHeader;
  watch: boolean;
  json: boolean;
  timeoutMs: number;
}

/** The contract's JSON: {lesson, passed, checks:[{name, passed, message, path?, expected?, actual?}]} (plus fix and verdicts). */
export interface CheckReport {
  lesson: string;
  passed: boolean;
  checks: CheckResult[];
}

/** Pure: the lesson, and whether the flags go together. */
export function validateCheck(input: CommandInput): CheckOptions {
  const flags = input.flags as { watch?: boolean; timeout?: string };
  const json = input.global.json;
  if (flags.watch && json) throw new UsageError('--watch and --json do not go together', 'Use --watch for a live checklist, or --json for one machine-readable answer.');
  const timeoutSeconds = flags.timeout === undefined ? 1800 : Number(flags.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout ${flags.timeout} is not a number of seconds`, 'For example: --timeout 300');
  const lesson = resolveLesson(input.args[0], input.lessons, input.progress);
  return { lesson, watch: Boolean(flags.watch), json, timeoutMs: timeoutSeconds * 1000 };
}

export async function runCheck(options: CheckOptions, deps: Deps): Promise<CommandResult<CheckReport>> {
  const [session, { check: checks }] = await Promise.all([deps.connect({ writes: false }), deps.loadLesson(options.lesson.id)]);
  await assertReachable(session);
  announceLearnerCopy(deps.ui);
  const ctx = { kube: session.kube, namespace: session.kube.namespace, cluster: session.cluster };
  // Before/after checks with no starting point yet get one now, so the next check can compare.
  const saved = deps.store.lesson(options.lesson.id)?.baselines ?? {};
  const missing = checks.filter((c) => c.baseline && !(c.name in saved));
  let baselines = saved;
  const save = (change: Parameters<typeof deps.store.update>[1]) => {
    try {
      deps.store.update(options.lesson.id, change);
    } catch {
      // A read-only config dir must not stop a read-only command; the progress just is not kept.
    }
  };
  const keep = (next: Baselines) => save((p) => ({ status: p?.status ?? 'in-progress', step: p?.step ?? 0, updatedAt: '', ...p, baselines: next }));
  // A passing check means the lesson's goal is met: the menu and `list` then say done, not "in progress".
  const markDone = () => save((p) => ({ step: 0, updatedAt: '', baselines: {}, ...p, status: 'done' }));
  if (missing.length > 0) {
    baselines = { ...saved, ...(await takeBaselines(missing, ctx)) };
    keep(baselines);
  }
  if (!options.watch) {
    const results = await evaluateAll(checks, ctx, baselines);
    // A learner's action seen now (a pod they deleted, an undo) is kept, so a later change cannot hide it.
    const seen = withEvidence(checks, results, baselines);
    if (seen) keep(seen);
    const passed = results.every((r) => r.passed);
    if (passed) markDone();
    return { data: { lesson: options.lesson.id, passed, checks: results }, exitCode: passed ? 0 : 1 };
  }
  const { ui } = deps;
  ui.heading(`Watching ${options.lesson.title}: fix things in another terminal; this updates as the cluster changes`);
  let shown = '';
  const outcome = await waitUntil(checks, ctx, {
    timeoutMs: options.timeoutMs,
    signal: deps.signal,
    baselines,
    onUpdate: (results) => {
      const summary = results.map((r) => `${r.passed ? '✔' : '✘'} ${r.message}`).join('\n');
      if (summary === shown) return;
      shown = summary;
      ui.say('');
      showResults(ui, results);
    },
  });
  const seen = withEvidence(checks, outcome.results, baselines);
  if (seen) keep(seen);
  if (outcome.passed) markDone();
  return { data: { lesson: options.lesson.id, passed: outcome.passed, checks: outcome.results }, exitCode: outcome.passed ? 0 : 1 };
}

export function renderCheck(ui: Ui, report: CheckReport, options: Pick<CheckOptions, 'watch'>): void {
  const watched = options.watch;
  if (!watched) showResults(ui, report.checks);
  if (report.passed) ui.ok(`All checks of ${report.lesson} pass.`);
  else ui.bad(`${report.checks.filter((c) => !c.passed).length} of ${report.checks.length} checks of ${report.lesson} fail.`);
}

export default defineCommand({ validate: validateCheck, run: runCheck, render: renderCheck });
