import { describe, expect, it } from 'vitest';
import { podShowing } from '../../../lessons/lib/checks/symptoms.js';
import { object } from '../fake-kube.js';

const pod = (name: string, status: Record<string, unknown>) => object('v1', 'Pod', name, { status }, { labels: { app: 'fastapi-k8s' } });
const creating = pod('new-creating', { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } }, restartCount: 0 }] });
const crashed = pod('new-crashed', { phase: 'Running', containerStatuses: [{ state: { terminated: { reason: 'Error', exitCode: 1 } }, restartCount: 0 }] });
const looping = pod('new-looping', { phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } }, restartCount: 2, lastState: { terminated: { reason: 'Error' } } }] });
const running = pod('old-running', { phase: 'Running', containerStatuses: [{ state: { running: {} }, restartCount: 0 }] });
const unschedulable = pod('pending', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] });

describe('podShowing', () => {
  it('skips a pod that is still being created and picks the one that crashed', () => {
    expect(podShowing([running, creating, crashed], ['CrashLoopBackOff', 'Error'])?.metadata.name).toBe('new-crashed');
    expect(podShowing([creating, looping], ['CrashLoopBackOff', 'Error'])?.metadata.name).toBe('new-looping');
  });

  it('sees an unschedulable pod by its PodScheduled condition', () => {
    expect(podShowing([running, unschedulable], ['Unschedulable'])?.metadata.name).toBe('pending');
  });

  it('finds nothing when no pod shows the state yet', () => {
    expect(podShowing([running, creating], ['CrashLoopBackOff', 'Error'])).toBeUndefined();
    expect(podShowing([], ['Unschedulable'])).toBeUndefined();
  });
});
