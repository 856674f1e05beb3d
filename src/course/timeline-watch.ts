import { InterruptedError } from '../errors.js';
import type { Kube, WatchHandle } from '../kube/types.js';
import { Timeline, type TimelineView } from './timeline.js';

const KINDS = [
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
  { apiVersion: 'v1', kind: 'Event' },
] as const;

export interface Recording {
  timeline: Timeline;
  /** Sets the action's moment to now (the tutor's own action). */
  markAction(): void;
  /**
   * Resolves once `settled(view)` holds and no event has arrived for `quietMs`, or at `timeoutMs`.
   * Returns whether it settled. Rejects with InterruptedError as soon as `signal` aborts (Ctrl-C).
   */
  settle(settled: (view: TimelineView) => boolean, options?: { timeoutMs?: number; quietMs?: number; signal?: AbortSignal }): Promise<boolean>;
  stop(): void;
}

/**
 * Starts watching the namespace for a timeline. Resolves when the initial lists are in (so that
 * only what happens next becomes an entry).
 */
export async function startRecording(kube: Kube, options: { app: string; service: string }, clock: () => number = () => performance.now()): Promise<Recording> {
  const timeline = new Timeline(options);
  let lastEventAt = clock();
  let wake: (() => void) | undefined;
  const handles: WatchHandle[] = KINDS.map(({ apiVersion, kind }) =>
    kube.watch(apiVersion, kind, {}, (event) => {
      lastEventAt = clock();
      timeline.observe(event, lastEventAt);
      wake?.();
    }),
  );
  await Promise.all(handles.map((h) => h.ready));
  timeline.begin();
  const stop = () => {
    for (const h of handles) h.stop();
  };
  return {
    timeline,
    markAction: () => timeline.markAction(clock()),
    stop,
    async settle(settled, { timeoutMs = 90_000, quietMs = 400, signal } = {}) {
      const deadline = clock() + timeoutMs;
      const interrupt = () => wake?.();
      signal?.addEventListener('abort', interrupt, { once: true });
      try {
        for (;;) {
          if (signal?.aborted) throw new InterruptedError();
          const now = clock();
          if (settled(timeline.view()) && now - lastEventAt >= quietMs) return true;
          if (now >= deadline) return false;
          // Wake on the next event, on Ctrl-C, or re-check after a short pause for the quiet period.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(quietMs, Math.max(1, deadline - now)));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
      } finally {
        signal?.removeEventListener('abort', interrupt);
      }
    },
  };
}
