import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replicasReady } from '../../../src/checks/workload.js';
import { createLessonContext } from '../../../src/course/context.js';
import { act, defineLesson, explain, waitFor } from '../../../src/course/lesson.js';
import type { LessonObserver } from '../../../src/course/observer.js';
import { ProgressStore } from '../../../src/course/progress.js';
import { runLesson } from '../../../src/course/runner.js';
import { PlainUi } from '../../../src/ui/plain.js';
import { FakeKube, deployment } from '../fake-kube.js';

const cluster = { name: 'kind-dev', cluster: 'kind-dev', user: 'u', server: 'https://127.0.0.1:6443', flavor: 'kind' as const };

function recorder(): { observer: LessonObserver; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    observer: {
      lessonStarted: (l) => calls.push(`lesson ${l.number} ${l.title} (${l.steps} steps)`),
      stepStarted: (s) => calls.push(`step ${s.index} ${s.kind}: ${s.say}`),
      acted: (a) => calls.push(`acted ${a.say}${a.kubectl ? ` $ ${a.kubectl}` : ''}`),
      checked: (results) => calls.push(`checked ${results.map((r) => `${r.passed ? '✓' : '○'} ${r.message}`).join('; ')}`),
      lessonFinished: (o) => calls.push(`finished ${o.passed ? 'passed' : 'not passed'}`),
    },
  };
}

describe('the runner, observed', () => {
  it('reports the lesson, each step with its words filled, the action and its kubectl, each check result as it turns green, and the end', async () => {
    const kube = new FakeKube();
    kube.put(deployment('web', 2, 1));
    const ui = new PlainUi({ write: () => undefined }, { write: () => undefined });
    const store = new ProgressStore(mkdtempSync(join(tmpdir(), 'observer-')));
    const ctx = createLessonContext({ kube, ui, cluster, yes: true, signal: new AbortController().signal });
    const lesson = defineLesson({
      id: 'scaling',
      number: 5,
      title: 'Scaling',
      summary: 'test',
      steps: [
        explain(['Scaling changes the desired count in {ns}.', 'More text.']),
        act({
          say: 'Scaling web to 2',
          kubectl: 'kubectl scale deployment web --replicas=2 -n {ns}',
          run: async () => {
            setTimeout(() => kube.put(deployment('web', 2, 2)), 20);
          },
        }),
        waitFor({ say: 'Waiting for 2 ready', until: [replicasReady('web', 2)] }),
      ],
      check: [replicasReady('web', 2)],
    });
    const { observer, calls } = recorder();
    const outcome = await runLesson(lesson, ctx, store, { observer });
    expect(outcome.passed).toBe(true);
    expect(calls[0]).toBe('lesson 5 Scaling (3 steps)');
    expect(calls[1]).toBe('step 0 explain: Scaling changes the desired count in k8s-tutor.');
    expect(calls[2]).toBe('step 1 act: Scaling web to 2');
    expect(calls[3]).toBe('acted Scaling web to 2 $ kubectl scale deployment web --replicas=2 -n k8s-tutor');
    expect(calls[4]).toBe('step 2 waitFor: Waiting for 2 ready');
    expect(calls.filter((c) => c.startsWith('checked')).at(-2)).toMatch(/^checked ✓ /);
    expect(calls.at(-1)).toBe('finished passed');
  });

  it('costs nothing and changes nothing without an observer', async () => {
    const kube = new FakeKube();
    kube.put(deployment('web', 1, 1));
    const ui = new PlainUi({ write: () => undefined }, { write: () => undefined });
    const store = new ProgressStore(mkdtempSync(join(tmpdir(), 'observer-')));
    const ctx = createLessonContext({ kube, ui, cluster, yes: true, signal: new AbortController().signal });
    const lesson = defineLesson({ id: 'x', number: 1, title: 'X', summary: 't', steps: [waitFor({ say: 'w', until: [replicasReady('web', 1)] })], check: [replicasReady('web', 1)] });
    expect((await runLesson(lesson, ctx, store)).passed).toBe(true);
  });
});
