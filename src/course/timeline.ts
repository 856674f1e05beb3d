import type { KubeObject, WatchEvent } from '../kube/types.js';

/**
 * The event timeline: what the cluster did after an action, from the watches of Pods, ReplicaSets,
 * EndpointSlices and Events, with times relative to the action. This file is pure: it turns watch
 * events (each with the moment it arrived) into entries; timeline-watch.ts feeds it live.
 */

export interface TimelineEntry {
  /** When the watch event arrived, in ms on the caller's clock. */
  at: number;
  /** "pod fastapi-k8s-…-q8w4z", "replicaset fastapi-k8s-7f8b9c6d4", "service fastapi-k8s". */
  subject: string;
  what: string;
  /** For filters: which kind of step this is. */
  tag: TimelineTag;
}

export type TimelineTag = 'deleted' | 'created' | 'scheduled' | 'started' | 'ready' | 'unready' | 'restarted' | 'gone' | 'replicas' | 'endpoints' | 'scaling' | 'event';

export interface TimelineView {
  /** Pods that exist and are not being deleted. */
  pods: number;
  /** Of those, the Ready ones. */
  readyPods: number;
  /** Pods first seen after the timeline began, and Ready now. */
  newReadyPods: number;
  /** Ready endpoints of the Service. */
  endpoints: number;
  /** Pods deleted (gone from the API) since the timeline began. */
  gone: number;
  restarts: Record<string, number>;
  notReady: string[];
}

interface PodShape {
  metadata: { name: string; uid?: string; deletionTimestamp?: string };
  spec?: { nodeName?: string };
  status?: {
    conditions?: { type: string; status: string }[];
    containerStatuses?: { restartCount?: number; state?: { running?: unknown }; lastState?: { terminated?: { reason?: string; exitCode?: number } } }[];
  };
}

interface PodFacts {
  name: string;
  deleting: boolean;
  node?: string;
  running: boolean;
  ready: boolean;
  restarts: number;
  isNew: boolean;
}

/** Event reasons worth a line: the ones that pod state alone does not show. */
const EVENT_REASONS = new Set(['ScalingReplicaSet', 'Killing', 'Unhealthy', 'FailedScheduling', 'BackOff', 'OOMKilling', 'Preempting', 'Evicted']);

/** "fastapi-k8s-7f8b9c6d4-2nxkl" → "fastapi-k8s-…-2nxkl": the random tail is what tells pods apart. */
export function shortPod(name: string): string {
  const parts = name.split('-');
  if (parts.length < 3) return name;
  return `${parts.slice(0, -2).join('-')}-…-${parts[parts.length - 1]}`;
}

function podFacts(object: KubeObject, isNew: boolean): PodFacts {
  const pod = object as unknown as PodShape;
  const statuses = pod.status?.containerStatuses ?? [];
  return {
    name: pod.metadata.name,
    deleting: Boolean(pod.metadata.deletionTimestamp),
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    running: statuses.length > 0 && statuses.every((c) => c.state?.running !== undefined),
    ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    restarts: statuses.reduce((sum, c) => sum + (c.restartCount ?? 0), 0),
    isNew,
  };
}

function lastExit(object: KubeObject): string | undefined {
  const pod = object as unknown as PodShape;
  for (const c of pod.status?.containerStatuses ?? []) {
    const t = c.lastState?.terminated;
    if (t) return `${t.reason ?? 'exited'}${t.exitCode !== undefined ? `, exit code ${t.exitCode}` : ''}`;
  }
  return undefined;
}

export class Timeline {
  private readonly pods = new Map<string, PodFacts>();
  private readonly replicaSets = new Map<string, string>();
  private readonly slices = new Map<string, Set<string>>();
  private endpointNames = new Set<string>();
  private readonly seenEvents = new Map<string, number>();
  /** Repeats of one event (a probe failing every 2 s) become one line. */
  private readonly shownEvents = new Set<string>();
  private readonly recorded: TimelineEntry[] = [];
  private begun = false;
  private mark: number | undefined;
  private goneCount = 0;

  constructor(private readonly options: { app: string; service: string }) {}

  /** From now on changes become entries; before, events only set the starting state. */
  begin(at?: number): void {
    this.begun = true;
    this.mark = at;
  }

  /** The action's moment: entry times are relative to it (or to the first entry when never set). */
  markAction(at: number): void {
    this.mark = at;
  }

  get zero(): number | undefined {
    return this.mark ?? this.recorded[0]?.at;
  }

  entries(): TimelineEntry[] {
    return [...this.recorded];
  }

  view(): TimelineView {
    const live = [...this.pods.values()].filter((p) => !p.deleting);
    return {
      pods: live.length,
      readyPods: live.filter((p) => p.ready).length,
      newReadyPods: live.filter((p) => p.ready && p.isNew).length,
      endpoints: this.endpointNames.size,
      gone: this.goneCount,
      restarts: Object.fromEntries([...this.pods.values()].map((p) => [p.name, p.restarts])),
      notReady: live.filter((p) => !p.ready).map((p) => p.name),
    };
  }

  observe(event: WatchEvent, at: number): void {
    switch (event.object.kind) {
      case 'Pod':
        return this.onPod(event, at);
      case 'ReplicaSet':
        return this.onReplicaSet(event, at);
      case 'EndpointSlice':
        return this.onSlice(event, at);
      case 'Event':
        return this.onEvent(event, at);
    }
  }

  private add(at: number, subject: string, what: string, tag: TimelineTag): void {
    if (this.begun) this.recorded.push({ at, subject, what, tag });
  }

  private ownPod(object: KubeObject): boolean {
    return object.metadata.labels?.app === this.options.app;
  }

  private onPod({ type, object }: WatchEvent, at: number): void {
    if (!this.ownPod(object)) return;
    const key = object.metadata.uid ?? object.metadata.name;
    const subject = `pod ${shortPod(object.metadata.name)}`;
    const before = this.pods.get(key);
    if (type === 'DELETED') {
      this.pods.delete(key);
      if (this.begun) this.goneCount++;
      this.add(at, subject, 'gone', 'gone');
      return;
    }
    const now = podFacts(object, before ? before.isNew : this.begun);
    this.pods.set(key, now);
    if (!before) {
      if (this.begun) this.add(at, subject, 'created', 'created');
      else return;
    }
    const was: Partial<PodFacts> = before ?? {};
    if (now.deleting && !was.deleting) this.add(at, subject, 'deleted: Terminating', 'deleted');
    if (now.node && !was.node) this.add(at, subject, `scheduled → ${now.node}`, 'scheduled');
    if (now.restarts > (was.restarts ?? 0)) {
      const exit = lastExit(object);
      this.add(at, subject, `container restarted (RESTARTS ${now.restarts})${exit ? `, last exit: ${exit}` : ''}`, 'restarted');
    } else if (now.running && !was.running) this.add(at, subject, 'container started', 'started');
    if (now.ready && !was.ready) this.add(at, subject, 'Ready', 'ready');
    if (!now.ready && was.ready) this.add(at, subject, 'not Ready', 'unready');
  }

  private onReplicaSet({ type, object }: WatchEvent, at: number): void {
    if (!object.metadata.name.startsWith(`${this.options.app}-`)) return;
    const key = object.metadata.name;
    if (type === 'DELETED') {
      this.replicaSets.delete(key);
      return;
    }
    const spec = (object.spec as { replicas?: number } | undefined)?.replicas ?? 0;
    const status = (object.status as { replicas?: number } | undefined)?.replicas ?? 0;
    // More pods than wanted: it was just told to scale down and has not removed them yet.
    const summary = status > spec ? `scaling down: ${status} → ${spec}` : `sees ${status}/${spec}`;
    const before = this.replicaSets.get(key);
    this.replicaSets.set(key, summary);
    if (before !== undefined && before !== summary) this.add(at, `replicaset ${key}`, summary, 'replicas');
  }

  private onSlice({ type, object }: WatchEvent, at: number): void {
    if (object.metadata.labels?.['kubernetes.io/service-name'] !== this.options.service) return;
    if (type === 'DELETED') this.slices.delete(object.metadata.name);
    else {
      const names = new Set<string>();
      for (const e of (object.endpoints as { conditions?: { ready?: boolean }; targetRef?: { name?: string }; addresses?: string[] }[] | undefined) ?? []) {
        if (e.conditions?.ready !== false) names.add(e.targetRef?.name ?? e.addresses?.[0] ?? '?');
      }
      this.slices.set(object.metadata.name, names);
    }
    const union = new Set([...this.slices.values()].flatMap((s) => [...s]));
    const added = [...union].filter((n) => !this.endpointNames.has(n));
    const removed = [...this.endpointNames].filter((n) => !union.has(n));
    this.endpointNames = union;
    const subject = `service ${this.options.service}`;
    for (const name of removed) this.add(at, subject, `${shortPod(name)} left the endpoints (${union.size})`, 'endpoints');
    for (const name of added) this.add(at, subject, `${shortPod(name)} added to the endpoints (${union.size})`, 'endpoints');
  }

  private onEvent({ type, object }: WatchEvent, at: number): void {
    if (type === 'DELETED') return;
    const e = object as unknown as { reason?: string; message?: string; count?: number; series?: { count?: number }; involvedObject?: { kind?: string; name?: string } };
    const count = e.series?.count ?? e.count ?? 1;
    const key = object.metadata.uid ?? object.metadata.name;
    const before = this.seenEvents.get(key);
    this.seenEvents.set(key, count);
    if (before !== undefined && before >= count) return;
    if (!e.reason || !EVENT_REASONS.has(e.reason)) return;
    if (!e.involvedObject?.name?.startsWith(this.options.app)) return;
    const kind = (e.involvedObject.kind ?? '').toLowerCase();
    const name = kind === 'pod' ? shortPod(e.involvedObject.name) : e.involvedObject.name;
    const repeat = `${kind}/${e.involvedObject.name}/${e.reason}/${e.message ?? ''}`;
    if (!this.begun || this.shownEvents.has(repeat)) return;
    this.shownEvents.add(repeat);
    const message = (e.message ?? '').replace(/^\(combined from similar events\): /, '').split('\n')[0]!;
    this.add(at, `${kind} ${name}`, `${e.reason}: ${clipAtWord(message, EVENT_MESSAGE_WIDTH)}`, e.reason === 'ScalingReplicaSet' ? 'scaling' : 'event');
  }
}

const EVENT_MESSAGE_WIDTH = 90;

/** The text whole when it fits, else cut at the last space before `width`, with an ellipsis (mid-word only in a word longer than half of it). */
export function clipAtWord(text: string, width: number): string {
  if (text.length <= width) return text;
  const space = text.lastIndexOf(' ', width - 1);
  const cut = space > width / 2 ? text.slice(0, space) : text.slice(0, width - 1);
  return `${cut.replace(/[\s,;:]+$/, '')}…`;
}

/** "+0 ms", "+14 ms", "+1.41 s". */
export function formatOffset(ms: number): string {
  const value = Math.max(0, Math.round(ms));
  if (value < 1000) return `+${value} ms`;
  return `+${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
}

/** The entries as aligned lines, times relative to `zero`. */
export function formatTimeline(entries: TimelineEntry[], zero: number | undefined, only?: TimelineTag[]): string[] {
  const shown = only ? entries.filter((e) => only.includes(e.tag)) : entries;
  if (shown.length === 0) return ['(the watches saw no change)'];
  const start = zero ?? shown[0]!.at;
  const rows = shown.map((e) => [formatOffset(e.at - start), e.subject, e.what]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `${r[0]!.padStart(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`);
}
