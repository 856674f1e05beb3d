import type { KubeObject } from './types.js';

interface EventShape {
  lastTimestamp?: string;
  eventTime?: string;
  metadata: { creationTimestamp?: string };
}

/** When an Event last happened: lastTimestamp, else eventTime (events.k8s.io writers), else its creation. */
export function eventTimestamp(event: KubeObject): string | undefined {
  const e = event as unknown as EventShape;
  return e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
}

/** The same, in ms since the epoch (0 when unknown), for sorting. */
export function eventTime(event: KubeObject): number {
  return Date.parse(eventTimestamp(event) ?? '') || 0;
}
