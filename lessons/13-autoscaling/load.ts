import type { LessonContext } from '../kit.js';
import { stressLoad, type LoadReport } from '../lib/cpu-load.js';

/**
 * The tutor's own load ("do it for me" on the load step): it runs in the background while the
 * step watches the HPA, and the next step stops it. Bounded anyway: 2 requests of 15 s at a time,
 * at most 40 requests or 210 s.
 */
const running = new WeakMap<LessonContext, { stop: AbortController; done: Promise<LoadReport> }>();

export const SECONDS_PER_REQUEST = 15;

export function startLoad(ctx: LessonContext, service: { name: string; port: number }): void {
  const stop = new AbortController();
  const done = stressLoad(ctx.kube, service, { workers: 2, secondsPerRequest: SECONDS_PER_REQUEST, maxRequests: 40, maxMs: 210_000, stop: stop.signal });
  running.set(ctx, { stop, done });
}

/** Stops the tutor's load, if it started one; what it sent. */
export async function stopLoad(ctx: LessonContext): Promise<LoadReport | undefined> {
  const load = running.get(ctx);
  if (!load) return undefined;
  running.delete(ctx);
  load.stop.abort();
  return load.done;
}
