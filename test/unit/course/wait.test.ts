import { describe, expect, it } from 'vitest';
import { replicasReady } from '../../../src/checks/workload.js';
import { waitUntil } from '../../../src/course/wait.js';
import { InterruptedError } from '../../../src/errors.js';
import { FakeKube, deployment } from '../fake-kube.js';

describe('waitUntil', () => {
  it('re-evaluates on watch events, not on a timer, and reports progress', async () => {
    const kube = new FakeKube();
    kube.put(deployment('fastapi-k8s', 5, 2));
    const seen: string[] = [];
    const waiting = waitUntil([replicasReady('fastapi-k8s', 5)], { kube, namespace: 'k8s-tutor' }, {
      timeoutMs: 5_000,
      onUpdate: (results) => seen.push(`${results[0]!.progress?.done}/${results[0]!.progress?.total}`),
    });
    await new Promise((r) => setTimeout(r, 20));
    kube.put(deployment('fastapi-k8s', 5, 4));
    await new Promise((r) => setTimeout(r, 20));
    kube.put(deployment('fastapi-k8s', 5, 5));
    const outcome = await waiting;
    expect(outcome.passed).toBe(true);
    expect(seen).toEqual(['2/5', '4/5', '5/5']);
    expect(kube.watcherCount).toBe(0);
  });

  it('times out with the last results when the cluster never gets there', async () => {
    const kube = new FakeKube();
    kube.put(deployment('fastapi-k8s', 5, 1));
    const outcome = await waitUntil([replicasReady('fastapi-k8s', 5)], { kube, namespace: 'k8s-tutor' }, { timeoutMs: 50 });
    expect(outcome.passed).toBe(false);
    expect(outcome.results[0]!.message).toBe('1 of 5 replicas are ready');
    expect(kube.watcherCount).toBe(0);
  });

  it('Ctrl-C (the signal) rejects with InterruptedError and stops the watches', async () => {
    const kube = new FakeKube();
    const controller = new AbortController();
    const waiting = waitUntil([replicasReady('fastapi-k8s', 5)], { kube, namespace: 'k8s-tutor' }, { timeoutMs: 5_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
    expect(kube.watcherCount).toBe(0);
  });

  it('a cancel (skip) ends the wait as not passed', async () => {
    const kube = new FakeKube();
    const cancel = new AbortController();
    const waiting = waitUntil([replicasReady('fastapi-k8s', 5)], { kube, namespace: 'k8s-tutor' }, { timeoutMs: 5_000, cancel: cancel.signal });
    setTimeout(() => cancel.abort(), 10);
    expect((await waiting).passed).toBe(false);
  });
});
