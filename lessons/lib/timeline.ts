import { formatOffset, formatTimeline, startRecording, type LessonContext, type Recording, type TimelineTag, type TimelineView } from '../engine.js';
import { APP } from './app.js';

/**
 * The event timeline in lessons 6 and 7: around the tutor's own action, or across a try-it step
 * (started before it, shown after it) for the learner's kubectl.
 */

export type Settled = (view: TimelineView) => boolean;

export interface Shown {
  lines: string[];
  settled: boolean;
  /** ms from the action to the moment it settled. */
  tookMs: number;
}

const waiting = new WeakMap<LessonContext, Recording>();

function render(recording: Recording, only: TimelineTag[] | undefined, settled: boolean): Shown {
  const entries = recording.timeline.entries();
  const zero = recording.timeline.zero;
  const last = entries.at(-1)?.at ?? zero ?? 0;
  const lines = ['what the cluster did', ...formatTimeline(entries, zero, only)];
  if (!settled) lines.push('(still changing when the tutor stopped watching)');
  return { lines, settled, tookMs: last - (zero ?? last) };
}

/** Runs `action` with the watches on, and returns the chain of events until `settled` holds. */
export async function timelineOf(ctx: LessonContext, action: () => Promise<void>, settled: Settled, options: { only?: TimelineTag[]; timeoutMs?: number; zero?: 'action' | 'first' } = {}): Promise<Shown> {
  const recording = await startRecording(ctx.kube, { app: APP, service: APP });
  try {
    // 'first': +0 is the first change the action caused (a delete), not the API round trips before it.
    if (options.zero !== 'first') recording.markAction();
    await action();
    const done = await recording.settle(settled, { timeoutMs: options.timeoutMs ?? 90_000, signal: ctx.signal });
    return render(recording, options.only, done);
  } finally {
    recording.stop();
  }
}

/** Starts the watches before a try-it step; the learner's first change becomes +0 ms. */
export async function watchForLearner(ctx: LessonContext): Promise<void> {
  waiting.get(ctx)?.stop();
  waiting.set(ctx, await startRecording(ctx.kube, { app: APP, service: APP }));
}

/** After the try-it step: waits for the cluster to settle and shows what it did. */
export async function learnerTimeline(ctx: LessonContext, settled: Settled, options: { only?: TimelineTag[]; timeoutMs?: number } = {}): Promise<Shown> {
  const recording = waiting.get(ctx);
  if (!recording) return { lines: ['(no recording: the lesson was resumed after your change)'], settled: false, tookMs: 0 };
  waiting.delete(ctx);
  try {
    const done = await recording.settle(settled, { timeoutMs: options.timeoutMs ?? 90_000, signal: ctx.signal });
    return render(recording, options.only, done);
  } finally {
    recording.stop();
  }
}

export function seconds(ms: number): string {
  return formatOffset(ms).slice(1);
}
