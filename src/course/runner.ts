import type { CheckResult } from '../checks/check.js';
import { collectDiagnostics } from '../checks/diagnostics.js';
import { takeBaselines, evaluateAll, type Baselines } from '../checks/evaluate.js';
import { withEvidence } from '../checks/evidence.js';
import { InterruptedError } from '../errors.js';
import { PromptAbortedError } from '../ui/ui.js';
import type { ActStep, Lesson, LessonContext, Step, TryStep, WaitStep } from './lesson.js';
import { holdOutput } from './held-output.js';
import type { LessonObserver } from './observer.js';
import type { ProgressStore } from './progress.js';
import { progressOf, showResults } from './show-results.js';
import { tutorCommand } from './tutor-command.js';
import { AnswerVerdicts } from './answer-verdicts.js';
import { waitUntil } from './wait.js';

export interface LessonOutcome {
  lesson: string;
  passed: boolean;
  /** The lesson's final check, or the failed wait that stopped it. */
  results: CheckResult[];
  stoppedAt?: number;
}

const WAIT_TIMEOUT_MS = 180_000;
const TRY_TIMEOUT_MS = 30 * 60_000;

type StepResult = { ok: true } | { ok: false; results: CheckResult[] };

/**
 * Runs a lesson from the step its progress says, saving progress after every finished step, so
 * that Ctrl-C or a failure loses nothing and a rerun continues.
 */
export async function runLesson(lesson: Lesson, ctx: LessonContext, store: ProgressStore, options: { restart?: boolean; /** How many lessons the course has (the catalog's count), for "6/15". */ of?: number; /** Told what happens (the live view); nothing when absent. */ observer?: LessonObserver } = {}): Promise<LessonOutcome> {
  const { ui } = ctx;
  const { observer } = options;
  if (observer) observers.set(ctx, observer);
  observer?.lessonStarted({ id: lesson.id, number: lesson.number, title: lesson.title, steps: lesson.steps.length });
  const position = options.of ? `${String(lesson.number).padStart(2)}/${options.of}` : String(lesson.number).padStart(2);
  ui.heading(`${position}  ${lesson.title}`, `context ${ctx.cluster.name} · namespace ${ctx.namespace}`);

  const saved = store.lesson(lesson.id);
  let resumeAt = options.restart || saved?.status !== 'in-progress' ? 0 : Math.min(saved.step, lesson.steps.length);
  // What the earlier steps made lived in the namespace: if it was deleted since, they have to run again.
  // (A Role that cannot read the namespace says nothing about it: then resume as before.)
  const namespaceGone = resumeAt > 0 && !(await ctx.kube.get({ apiVersion: 'v1', kind: 'Namespace', name: ctx.namespace }).catch(() => true));
  if (namespaceGone) {
    ui.warn(`Namespace ${ctx.namespace} was deleted since you were here, and what the earlier steps made with it: this lesson starts again from its first step.`);
    resumeAt = 0;
  }
  Object.assign(ctx.facts, options.restart || namespaceGone ? {} : (saved?.facts ?? {}));
  if (resumeAt >= lesson.steps.length) ui.dim(`Every step of this lesson is done; checking it again.`);
  else if (resumeAt > 0) ui.dim(`Continuing at step ${resumeAt + 1} of ${lesson.steps.length}.`);

  const ready = await ensureNeeds(lesson, ctx);
  if (!ready) return { lesson: lesson.id, passed: false, results: [], stoppedAt: resumeAt };

  let baselines: Baselines = resumeAt > 0 && saved?.baselines ? saved.baselines : await takeBaselines(lesson.check, ctx);
  store.update(lesson.id, () => ({ status: 'in-progress', step: resumeAt, updatedAt: '', baselines, facts: ctx.facts }));

  // A step's "before" becomes the lesson check's baseline too, so that the final check compares
  // against the moment just before the learner acted (a pod replaced since *then*).
  const remember = (taken: Baselines) => {
    store.update(lesson.id, (p) => ({ ...p!, baselines: { ...p?.baselines, ...taken } }));
  };
  for (let index = resumeAt; index < lesson.steps.length; index++) {
    const result = await runStep(lesson.steps[index]!, ctx, remember, index);
    if (!result.ok) {
      store.update(lesson.id, (p) => ({ ...p!, facts: ctx.facts }));
      return { lesson: lesson.id, passed: false, results: result.results, stoppedAt: index };
    }
    store.update(lesson.id, (p) => ({ ...p!, step: index + 1, facts: ctx.facts }));
  }

  baselines = store.lesson(lesson.id)?.baselines ?? baselines;
  const results = await evaluateAll(lesson.check, ctx, baselines);
  const seen = withEvidence(lesson.check, results, baselines);
  if (seen) remember(seen);
  ui.heading('Lesson check');
  showResults(ui, results);
  const passed = results.every((r) => r.passed);
  observer?.checked(results);
  observer?.lessonFinished({ passed });
  store.update(lesson.id, (p) => ({ ...p!, status: passed ? 'done' : 'in-progress', step: lesson.steps.length, facts: ctx.facts }));
  if (passed) ui.ok(`${lesson.title}: done.`);
  else ui.bad(`${lesson.title}: not there yet. Fix the above, then run \`${tutorCommand(`check ${lesson.id}`, ctx.namespace)}\`.`);
  return { lesson: lesson.id, passed, results };
}

async function ensureNeeds(lesson: Lesson, ctx: LessonContext): Promise<boolean> {
  for (const need of lesson.needs ?? []) {
    if (await need.satisfied(ctx)) continue;
    ctx.ui.warn(`This lesson needs ${need.say}, which is not there yet.`);
    const go = ctx.yes || (await ctx.ui.confirm(`Set up ${need.say} now?`, { default: true, signal: ctx.signal }));
    if (!go) {
      ctx.ui.say('Stopped. Run the earlier lesson, or answer yes next time.');
      return false;
    }
    ctx.ui.step(`Setting up ${need.say}`);
    await need.setUp(ctx);
  }
  return true;
}

function runStep(step: Step, ctx: LessonContext, remember: (b: Baselines) => void, index: number): Promise<StepResult> {
  if (ctx.signal.aborted) throw new InterruptedError();
  const observer = observers.get(ctx);
  if (observer) observer.stepStarted({ index, kind: step.kind, say: stepSays(step, ctx) });
  switch (step.kind) {
    case 'explain':
      return explainStep(step.text, ctx);
    case 'act':
      return actStep(step, ctx);
    case 'waitFor':
      return waitStep(step, ctx, remember);
    case 'tryIt':
      return tryStep(step, ctx, remember);
  }
}

/** A step in one line, for the observer. */
function stepSays(step: Step, ctx: LessonContext): string {
  switch (step.kind) {
    case 'explain': {
      // Its first line, when the text is known without running anything.
      const first = typeof step.text === 'string' ? step.text : Array.isArray(step.text) ? step.text[0] : undefined;
      return first ? ctx.fill(first) : 'Explaining';
    }
    case 'act':
      return ctx.fill(typeof step.say === 'function' ? step.say(ctx) : step.say);
    case 'waitFor':
      return ctx.fill(step.say);
    case 'tryIt':
      return `Your turn: ${ctx.fill(step.task)}`;
  }
}

/** The observer of a running lesson, found by its context, so that steps need no extra parameter. */
const observers = new WeakMap<LessonContext, LessonObserver>();

async function explainStep(text: Extract<Step, { kind: 'explain' }>['text'], ctx: LessonContext): Promise<StepResult> {
  const value = typeof text === 'function' ? await text(ctx) : text;
  ctx.ui.say('');
  for (const line of Array.isArray(value) ? value : [value]) ctx.ui.say(ctx.fill(line));
  return { ok: true };
}

async function actStep(step: ActStep, ctx: LessonContext): Promise<StepResult> {
  ctx.ui.say('');
  ctx.ui.step(ctx.fill(typeof step.say === 'function' ? step.say(ctx) : step.say));
  const output = await step.run(ctx);
  // The command is printed after run() so that it can name what run() picked (a pod, say).
  if (step.kubectl) ctx.ui.command(ctx.fill(typeof step.kubectl === 'function' ? step.kubectl(ctx) : step.kubectl));
  observers.get(ctx)?.acted({ say: ctx.fill(typeof step.say === 'function' ? step.say(ctx) : step.say), ...(step.kubectl ? { kubectl: ctx.fill(typeof step.kubectl === 'function' ? step.kubectl(ctx) : step.kubectl) } : {}) });
  // Its lines name commands too ({ns}, {pod}): filled like every other text of a step.
  if (output && output.length > 0) ctx.ui.lines(output.map((line) => ctx.fill(line)));
  return { ok: true };
}

async function waitStep(step: WaitStep, ctx: LessonContext, remember: (b: Baselines) => void): Promise<StepResult> {
  const baselines = await takeBaselines(step.until, ctx);
  remember(baselines);
  return watchWithProgress(ctx.fill(step.say), step.until, ctx, baselines, step.timeoutMs ?? WAIT_TIMEOUT_MS, undefined, remember);
}

async function watchWithProgress(say: string, until: WaitStep['until'], ctx: LessonContext, baselines: Baselines, timeoutMs: number, cancel: AbortSignal | undefined, remember: (b: Baselines) => void): Promise<StepResult> {
  const spinner = ctx.ui.progress(say);
  const outcome = await waitUntil(until, ctx, {
    timeoutMs,
    signal: ctx.signal,
    cancel,
    baselines,
    onUpdate: (results) => {
      spinner.update(`${say} (${progressOf(results)})`);
      observers.get(ctx)?.checked(results);
    },
    onConnection: (state) => spinner.update(state === 'lost' ? `${say} (lost the cluster; reconnecting…)` : `${say} (reconnected)`),
  }).catch((error: unknown) => {
    spinner.stop();
    throw error;
  });
  if (outcome.passed) {
    const seen = withEvidence(until, outcome.results, baselines);
    if (seen) remember(seen);
    spinner.succeed(`${say}: done in ${(outcome.elapsedMs / 1000).toFixed(1)} s`);
    return { ok: true };
  }
  if (cancel?.aborted) {
    spinner.stop();
    return { ok: true };
  }
  spinner.fail(`${say}: still not there after ${Math.round(outcome.elapsedMs / 1000)} s`);
  showResults(ctx.ui, outcome.results);
  const diagnostics = await collectDiagnostics(ctx.kube, outcome.results);
  if (diagnostics.length > 0) {
    ctx.ui.say('What the cluster says:');
    ctx.ui.lines(diagnostics);
  }
  return { ok: false, results: outcome.results };
}

/**
 * The kubectl line first, then what happened: what doIt prints is held until the line is out, since
 * the line may name what doIt picked ({pod}) and so is filled only after it.
 */
async function doItForThem(step: TryStep, ctx: LessonContext): Promise<void> {
  const { ui } = ctx;
  const held = holdOutput(ui);
  ctx.ui = held.ui;
  let kubectl: string | undefined;
  try {
    await step.doIt(ctx);
  } finally {
    ctx.ui = ui;
    kubectl = step.kubectl ? ctx.fill(typeof step.kubectl === 'function' ? step.kubectl(ctx) : step.kubectl) : undefined;
    if (kubectl) ui.command(kubectl);
    held.release();
  }
  observers.get(ctx)?.acted({ say: 'Done for you', ...(kubectl ? { kubectl } : {}) });
}

async function tryStep(step: TryStep, ctx: LessonContext, remember: (b: Baselines) => void): Promise<StepResult> {
  const { ui } = ctx;
  ui.say('');
  const applies = step.applies ? await step.applies(ctx) : true;
  if (applies !== true) {
    ui.dim(`Not on this cluster: ${ctx.fill(applies)}`);
    return { ok: true };
  }
  ui.say(`Your turn. ${ctx.fill(step.task)}`);
  const baselines = await takeBaselines(step.until, ctx);
  remember(baselines);
  if (ctx.skipTries) {
    ui.warn(`Left for you (--skip-tries): \`${tutorCommand('check', ctx.namespace)}\` tells whether it is done.`);
    return { ok: true };
  }
  if (ctx.yes) {
    ui.step('Doing it for you (--yes)');
    await doItForThem(step, ctx);
    return watchWithProgress('Watching for the change', step.until, ctx, baselines, step.timeoutMs ?? WAIT_TIMEOUT_MS, undefined, remember);
  }

  const noticed = new AbortController();
  const skipped = new AbortController();
  const verdicts = new AnswerVerdicts(step.until);
  const watching = waitUntil(step.until, ctx, {
    timeoutMs: step.timeoutMs ?? TRY_TIMEOUT_MS, signal: ctx.signal, cancel: skipped.signal, baselines,
    onUpdate: (results) => {
      observers.get(ctx)?.checked(results);
      verdicts.update(results);
    },
  });
  void watching.then((o) => o.passed && noticed.abort(), () => noticed.abort());

  let hintsShown = 0;
  for (;;) {
    let choice: 'hint' | 'do' | 'skip';
    try {
      choice = await ui.select<'hint' | 'do' | 'skip'>(
        'Watching the cluster for your change. Or:',
        [
          { name: 'Show a hint', value: 'hint', disabled: hintsShown >= step.hints.length ? 'no more hints' : false },
          { name: 'Do it for me', value: 'do' },
          { name: 'Skip this step', value: 'skip' },
        ],
        { signal: AbortSignal.any([noticed.signal, verdicts.arrived]) },
      );
    } catch (error) {
      if (!(error instanceof PromptAbortedError)) throw error;
      if (noticed.signal.aborted) break;
      // A wrong answer came in: say what is wrong with it, and ask again while the watch goes on.
      for (const message of verdicts.take()) ui.bad(message);
      continue;
    }
    if (choice === 'hint') {
      ui.dim(`hint: ${ctx.fill(step.hints[hintsShown++] ?? '')}`);
      continue;
    }
    if (choice === 'skip') {
      skipped.abort();
      // The watch was cancelled by the skip itself; its outcome no longer matters.
      await watching.catch(() => undefined);
      ui.warn('Skipped.');
      return { ok: true };
    }
    ui.step('Doing it for you');
    await doItForThem(step, ctx);
    break;
  }
  const outcome = await watching;
  if (outcome.passed) {
    const seen = withEvidence(step.until, outcome.results, baselines);
    if (seen) remember(seen);
    ui.ok(`Noticed: ${outcome.results.map((r) => r.message).join('; ')}`);
    return { ok: true };
  }
  showResults(ui, outcome.results);
  return { ok: false, results: outcome.results };
}
