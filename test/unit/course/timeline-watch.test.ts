import { describe, expect, it } from 'vitest';
import { startRecording } from '../../../src/course/timeline-watch.js';
import { InterruptedError } from '../../../src/errors.js';
import { FakeKube } from '../fake-kube.js';

describe('startRecording: settle', () => {
  it('rejects with InterruptedError as soon as Ctrl-C aborts, without waiting for the quiet period or the timeout', async () => {
    const recording = await startRecording(new FakeKube(), { app: 'fastapi-k8s', service: 'fastapi-k8s' });
    const controller = new AbortController();
    const settling = recording.settle(() => false, { timeoutMs: 60_000, quietMs: 5_000, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    const abortedAt = Date.now();
    controller.abort();
    await expect(settling).rejects.toBeInstanceOf(InterruptedError);
    expect(Date.now() - abortedAt).toBeLessThan(50);
    recording.stop();
  });
});
