import { describe, expect, it } from 'vitest';
import { clipAtWord, formatOffset, formatTimeline, shortPod, Timeline } from '../../../src/course/timeline.js';
import type { KubeObject, WatchEvent } from '../../../src/kube/types.js';

/** Watch events as a pod deletion produces them (trimmed from a real run on the test cluster). */
const APP = 'fastapi-k8s';
const RS = 'fastapi-k8s-77477f7bbd';

function pod(name: string, uid: string, state: { node?: string; running?: boolean; ready?: boolean; deleting?: boolean; restarts?: number; lastExit?: { reason: string; exitCode: number } } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, uid, labels: { app: APP }, ...(state.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: state.node ? { nodeName: state.node } : {},
    status: {
      conditions: [{ type: 'Ready', status: state.ready ? 'True' : 'False' }],
      containerStatuses: state.node ? [{ restartCount: state.restarts ?? 0, state: state.running ? { running: {} } : { waiting: { reason: 'ContainerCreating' } }, ...(state.lastExit ? { lastState: { terminated: state.lastExit } } : {}) }] : [],
    },
  };
}
const rs = (exist: number, want: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: RS }, spec: { replicas: want }, status: { replicas: exist } });
const slice = (names: string[]): KubeObject => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
  metadata: { name: 'fastapi-k8s-abcde', labels: { 'kubernetes.io/service-name': APP } },
  endpoints: names.map((n, i) => ({ addresses: [`10.0.0.${i}`], conditions: { ready: true }, targetRef: { kind: 'Pod', name: n } })),
});
const event = (uid: string, reason: string, message: string, name: string, count = 1): KubeObject => ({
  apiVersion: 'v1', kind: 'Event', metadata: { name: `${name}.${uid}`, uid }, reason, message, count, involvedObject: { kind: 'Pod', name },
});
const ev = (type: WatchEvent['type'], object: KubeObject): WatchEvent => ({ type, object });

const OLD = 'fastapi-k8s-77477f7bbd-428ln';
const NEW = 'fastapi-k8s-77477f7bbd-hqfbr';
const OTHERS = ['fastapi-k8s-77477f7bbd-a1', 'fastapi-k8s-77477f7bbd-a2', 'fastapi-k8s-77477f7bbd-a3', 'fastapi-k8s-77477f7bbd-a4'];
const running = { node: 'node-0', running: true, ready: true };

function seeded(): Timeline {
  const t = new Timeline({ app: APP, service: APP });
  t.observe(ev('ADDED', pod(OLD, 'u-old', running)), 0);
  OTHERS.forEach((n, i) => t.observe(ev('ADDED', pod(n, `u-${i}`, running)), 0));
  t.observe(ev('ADDED', rs(5, 5)), 0);
  t.observe(ev('ADDED', slice([OLD, ...OTHERS])), 0);
  t.observe(ev('ADDED', event('e-old', 'Killing', 'Stopping container fastapi-k8s', 'fastapi-k8s-77477f7bbd-zzz')), 0);
  return t;
}

describe('Timeline', () => {
  it('turns a pod deletion into the chain: deleted, replica count, created, scheduled, started, Ready, endpoints', () => {
    const t = seeded();
    t.begin();
    t.markAction(1000);
    t.observe(ev('MODIFIED', pod(OLD, 'u-old', { ...running, deleting: true })), 1000);
    t.observe(ev('MODIFIED', slice(OTHERS)), 1031);
    t.observe(ev('ADDED', pod(NEW, 'u-new')), 1077);
    t.observe(ev('MODIFIED', pod(NEW, 'u-new', { node: 'node-0' })), 1110);
    t.observe(ev('MODIFIED', rs(4, 5)), 1167);
    t.observe(ev('ADDED', event('e1', 'Killing', 'Stopping container fastapi-k8s', OLD)), 1295);
    t.observe(ev('ADDED', event('e2', 'Scheduled', 'Successfully assigned', NEW)), 1300);
    t.observe(ev('MODIFIED', rs(5, 5)), 1401);
    t.observe(ev('DELETED', pod(OLD, 'u-old', { ...running, deleting: true })), 2253);
    t.observe(ev('MODIFIED', pod(NEW, 'u-new', { node: 'node-0', running: true })), 3280);
    t.observe(ev('MODIFIED', pod(NEW, 'u-new', { node: 'node-0', running: true, ready: true })), 3290);
    t.observe(ev('MODIFIED', slice([...OTHERS, NEW])), 3413);

    const entries = t.entries();
    expect(entries.map((e) => [e.at - 1000, e.what])).toEqual([
      [0, 'deleted: Terminating'],
      [31, 'fastapi-k8s-…-428ln left the endpoints (4)'],
      [77, 'created'],
      [110, 'scheduled → node-0'],
      [167, 'sees 4/5'],
      [295, 'Killing: Stopping container fastapi-k8s'],
      [401, 'sees 5/5'],
      [1253, 'gone'],
      [2280, 'container started'],
      [2290, 'Ready'],
      [2413, 'fastapi-k8s-…-hqfbr added to the endpoints (5)'],
    ]);
    expect(entries[4]!.subject).toBe(`replicaset ${RS}`);
    expect(t.view()).toMatchObject({ pods: 5, readyPods: 5, newReadyPods: 1, endpoints: 5, gone: 1 });
    const lines = formatTimeline(entries, t.zero);
    expect(lines[0]).toBe('  +0 ms  pod fastapi-k8s-…-428ln            deleted: Terminating');
    expect(lines.at(-1)).toBe('+2.41 s  service fastapi-k8s                fastapi-k8s-…-hqfbr added to the endpoints (5)');
  });

  it('records nothing from the initial lists, and measures from the first change when no action was marked', () => {
    const t = seeded();
    expect(t.entries()).toEqual([]);
    t.begin();
    expect(t.zero).toBeUndefined();
    t.observe(ev('MODIFIED', pod(OLD, 'u-old', { ...running, deleting: true })), 5000);
    expect(t.zero).toBe(5000);
    expect(formatTimeline(t.entries(), t.zero)).toEqual(['+0 ms  pod fastapi-k8s-…-428ln  deleted: Terminating']);
  });

  it('shows a crash as a restart of the same pod, with the last exit reason', () => {
    const t = seeded();
    t.begin(0);
    t.observe(ev('MODIFIED', pod(OLD, 'u-old', { node: 'node-0', running: true, ready: false })), 700);
    t.observe(ev('MODIFIED', pod(OLD, 'u-old', { node: 'node-0', running: true, ready: true, restarts: 1, lastExit: { reason: 'OOMKilled', exitCode: 137 } })), 1700);
    expect(t.entries().map((e) => e.what)).toEqual(['not Ready', 'container restarted (RESTARTS 1), last exit: OOMKilled, exit code 137', 'Ready']);
    expect(t.view().restarts[OLD]).toBe(1);
  });

  it('shows a repeated event once, skips reasons that pod state already tells, and tags scaling events', () => {
    const t = seeded();
    t.begin(0);
    t.observe(ev('ADDED', event('e1', 'Unhealthy', 'Readiness probe failed: 503', OLD)), 10);
    t.observe(ev('MODIFIED', event('e1', 'Unhealthy', 'Readiness probe failed: 503', OLD, 2)), 20);
    t.observe(ev('ADDED', event('e2', 'Pulled', 'already present', OLD)), 30);
    t.observe(ev('ADDED', { ...event('e3', 'ScalingReplicaSet', '(combined from similar events): Scaled up replica set x from 0 to 1', APP), involvedObject: { kind: 'Deployment', name: APP } }), 40);
    t.observe(ev('MODIFIED', event('e-old', 'Killing', 'Stopping container fastapi-k8s', 'fastapi-k8s-77477f7bbd-zzz', 2)), 50);
    expect(t.entries().map((e) => [e.tag, e.what])).toEqual([
      ['event', 'Unhealthy: Readiness probe failed: 503'],
      ['scaling', 'ScalingReplicaSet: Scaled up replica set x from 0 to 1'],
      ['event', 'Killing: Stopping container fastapi-k8s'],
    ]);
    expect(formatTimeline(t.entries(), 0, ['scaling'])).toEqual(['+40 ms  deployment fastapi-k8s  ScalingReplicaSet: Scaled up replica set x from 0 to 1']);
  });

  it('cuts a long event message at a word, with an ellipsis, never inside a word like "connect: c"', () => {
    const refused = 'Readiness probe failed: Get "http://10.244.0.17:8000/ready": dial tcp 10.244.0.17:8000: connect: connection refused';
    const t = seeded();
    t.begin(0);
    t.observe(ev('ADDED', event('e1', 'Unhealthy', refused, OLD)), 10);
    const [what] = t.entries().map((e) => e.what);
    expect(what).toBe('Unhealthy: Readiness probe failed: Get "http://10.244.0.17:8000/ready": dial tcp 10.244.0.17:8000…');
    expect(clipAtWord('short enough', 90)).toBe('short enough');
    expect(clipAtWord(refused, 100)).toBe('Readiness probe failed: Get "http://10.244.0.17:8000/ready": dial tcp 10.244.0.17:8000: connect…');
    expect(clipAtWord('x'.repeat(120), 90)).toBe(`${'x'.repeat(89)}…`);
  });

  it('says "scaling down" while a ReplicaSet told to shrink still has the pods (never "sees 5/4")', () => {
    const t = seeded();
    t.begin();
    t.observe(ev('MODIFIED', rs(5, 4)), 10);
    t.observe(ev('MODIFIED', rs(4, 4)), 20);
    t.observe(ev('MODIFIED', rs(1, 0)), 30);
    t.observe(ev('MODIFIED', rs(0, 0)), 40);
    expect(t.entries().map((e) => e.what)).toEqual(['scaling down: 5 → 4', 'sees 4/4', 'scaling down: 1 → 0', 'sees 0/0']);
  });

  it('ignores other apps and other services', () => {
    const t = seeded();
    t.begin(0);
    t.observe(ev('ADDED', { ...pod('other-1-2', 'u-x'), metadata: { name: 'other-1-2', uid: 'u-x', labels: { app: 'other' } } }), 10);
    t.observe(ev('MODIFIED', { ...slice([]), metadata: { name: 's', labels: { 'kubernetes.io/service-name': 'other' } } }), 20);
    expect(t.entries()).toEqual([]);
  });
});

describe('formatting', () => {
  it('writes offsets as ms under a second and as seconds above', () => {
    expect([formatOffset(0), formatOffset(14), formatOffset(1410), formatOffset(12_345)]).toEqual(['+0 ms', '+14 ms', '+1.41 s', '+12.3 s']);
  });
  it('keeps the random tail of a pod name', () => {
    expect(shortPod('fastapi-k8s-7f8b9c6d4-2nxkl')).toBe('fastapi-k8s-…-2nxkl');
    expect(shortPod('web')).toBe('web');
  });
  it('says when nothing changed', () => {
    expect(formatTimeline([], undefined)).toEqual(['(the watches saw no change)']);
  });
});
