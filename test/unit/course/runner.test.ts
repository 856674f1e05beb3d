import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../../src/checks/check.js';
import { podReplaced, replicasReady } from '../../../src/checks/workload.js';
import { createLessonContext } from '../../../src/course/context.js';
import { act, defineLesson, explain, tryIt, waitFor, type Lesson } from '../../../src/course/lesson.js';
import { ProgressStore } from '../../../src/course/progress.js';
import { runLesson } from '../../../src/course/runner.js';
import { PlainUi, type ScriptedAnswer } from '../../../src/ui/plain.js';
import { PromptAbortedError } from '../../../src/ui/ui.js';
import { FakeKube, deployment, pod } from '../fake-kube.js';

const cluster = { name: 'kind-dev', cluster: 'kind-dev', user: 'u', server: 'https://127.0.0.1:6443', flavor: 'kind' as const };

function setup(options: { yes?: boolean; answers?: ScriptedAnswer[] } = {}) {
  const kube = new FakeKube();
  let text = '';
  const ui = new PlainUi({ write: (t: string) => (text += t) }, { write: (t: string) => (text += t) }, options.answers);
  const store = new ProgressStore(mkdtempSync(join(tmpdir(), 'runner-')));
  const ctx = createLessonContext({ kube, ui, cluster, yes: options.yes ?? false, signal: new AbortController().signal });
  return { kube, ui, store, ctx, output: () => text };
}

function healingLesson(): Lesson {
  return defineLesson({
    id: 'self-healing',
    number: 6,
    title: 'Self-Healing',
    summary: 'test',
    steps: [
      explain('Kubernetes compares desired and actual state in {ns}.'),
      act({
        say: 'Picking a pod',
        kubectl: 'kubectl get pod {pod} -n {ns}',
        run: async (c) => {
          c.vars.pod = 'fastapi-k8s-a';
          return ['picked {pod} in {ns}'];
        },
      }),
      tryIt({
        task: 'Delete pod {pod}.',
        until: [podReplaced('fastapi-k8s')],
        hints: ['kubectl get pods -n {ns}', 'kubectl delete pod {pod} -n {ns}'],
        kubectl: 'kubectl delete pod {pod} -n {ns}',
        doIt: async (c) => {
          await c.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: c.vars.pod! });
          (c.kube as FakeKube).put(pod('fastapi-k8s-b', 'fastapi-k8s'));
        },
      }),
      waitFor({ say: 'Waiting for 1 ready', until: [replicasReady('fastapi-k8s', 1)] }),
    ],
    check: [replicasReady('fastapi-k8s', 1), podReplaced('fastapi-k8s')],
  });
}

describe('runLesson', () => {
  it('--yes runs every try-it as "do it for me", prints kubectl with names filled, and saves progress as done', async () => {
    const { kube, store, ctx, output } = setup({ yes: true });
    kube.put(deployment('fastapi-k8s', 1, 1));
    kube.put(pod('fastapi-k8s-a', 'fastapi-k8s'));
    const outcome = await runLesson(healingLesson(), ctx, store);
    expect(outcome.passed).toBe(true);
    expect(output()).toContain('$ kubectl delete pod fastapi-k8s-a -n k8s-tutor');
    expect(output()).toContain('Kubernetes compares desired and actual state in k8s-tutor.');
    expect(output()).toContain('picked fastapi-k8s-a in k8s-tutor');
    expect(output()).toContain('✔ pod fastapi-k8s-b replaced a deleted one');
    const saved = JSON.parse(readFileSync(store.file, 'utf8'));
    expect(saved.lessons['self-healing']).toMatchObject({ status: 'done', step: 4 });
  });

  it('interactive: a hint, then "do it for me", with scripted answers; an unexpected prompt would fail', async () => {
    const { kube, store, ctx, ui, output } = setup({
      answers: [
        { question: 'Watching the cluster', answer: 'hint' },
        { question: 'Watching the cluster', answer: 'do' },
      ],
    });
    kube.put(deployment('fastapi-k8s', 1, 1));
    kube.put(pod('fastapi-k8s-a', 'fastapi-k8s'));
    const outcome = await runLesson(healingLesson(), ctx, store);
    expect(outcome.passed).toBe(true);
    expect(output()).toContain('hint: kubectl get pods -n k8s-tutor');
    expect(output()).toContain('Noticed: pod fastapi-k8s-b replaced a deleted one');
    expect(ui.unanswered).toBe(0);
  });

  it('interactive: the learner acts in another terminal and the tutor moves on by itself', async () => {
    const { kube, store, ctx, output } = setup({ answers: [] });
    kube.put(deployment('fastapi-k8s', 1, 1));
    kube.put(pod('fastapi-k8s-a', 'fastapi-k8s'));
    // A learner who never presses a key: the prompt only ends when the tutor aborts it.
    const ui = ctx.ui as PlainUi;
    ui.select = ((_m: string, _c: unknown, o?: { signal?: AbortSignal }) =>
      new Promise((_, reject) => o?.signal?.addEventListener('abort', () => reject(new PromptAbortedError())))) as PlainUi['select'];
    setTimeout(() => {
      kube.remove('Pod', 'fastapi-k8s-a');
      kube.put(pod('fastapi-k8s-c', 'fastapi-k8s'));
    }, 30);
    const outcome = await runLesson(healingLesson(), ctx, store);
    expect(outcome.passed).toBe(true);
    expect(output()).toContain('Noticed: pod fastapi-k8s-c replaced a deleted one');
  });

  it('a failed wait stops the lesson with the verdict, keeping progress at the failed step', async () => {
    const { kube, store, ctx, output } = setup({ yes: true });
    kube.put(deployment('other', 1, 1));
    const lesson = defineLesson({
      id: 'first-deployment', number: 3, title: 'T', summary: 's',
      steps: [explain('x'), waitFor({ say: 'Waiting for 5', until: [replicasReady('fastapi-k8s', 5)], timeoutMs: 50 })],
      check: [replicasReady('fastapi-k8s', 5)],
    });
    const outcome = await runLesson(lesson, ctx, store);
    expect(outcome).toMatchObject({ passed: false, stoppedAt: 1 });
    expect(output()).toContain(`✘ Deployment fastapi-k8s does not exist in namespace k8s-tutor. Try: kubectl get deployments -n k8s-tutor`);
    expect(store.lesson('first-deployment')).toMatchObject({ status: 'in-progress', step: 1 });
  });

  it('a try-it that does not apply to this cluster says why and is passed over, without its task or its doIt', async () => {
    const { kube, store, ctx, output } = setup({ yes: true });
    kube.put(deployment('fastapi-k8s', 1, 1));
    let done = false;
    const lesson = defineLesson({
      id: 'self-healing', number: 6, title: 'T', summary: 's',
      steps: [tryIt({
        task: 'Drain a node.', until: [replicasReady('fastapi-k8s', 5)], hints: ['kubectl drain <node>'],
        applies: async () => 'this cluster has one node that takes new pods',
        doIt: async () => void (done = true),
      })],
      check: [replicasReady('fastapi-k8s', 1)],
    });
    const outcome = await runLesson(lesson, ctx, store);
    expect(outcome.passed).toBe(true);
    expect(done).toBe(false);
    expect(output()).toContain('Not on this cluster: this cluster has one node that takes new pods');
    expect(output()).not.toContain('Drain a node.');
  });

  it('a rerun continues where the last run stopped', async () => {
    const { kube, store, ctx, output } = setup({ yes: true });
    kube.put(deployment('fastapi-k8s', 1, 1));
    kube.put(pod('fastapi-k8s-a', 'fastapi-k8s'));
    kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'k8s-tutor' } });
    store.update('self-healing', () => ({ status: 'in-progress', step: 3, updatedAt: '' }));
    const outcome = await runLesson(healingLesson(), ctx, store);
    expect(output()).toContain('Continuing at step 4 of 4.');
    expect(output()).not.toContain('Picking a pod');
    expect(outcome.lesson).toBe('self-healing');
  });

  it('a rerun after the namespace was deleted by hand starts the lesson again from its first step, and says why', async () => {
    const { kube, store, ctx, output } = setup({ yes: true });
    kube.put(deployment('fastapi-k8s', 1, 1));
    kube.put(pod('fastapi-k8s-a', 'fastapi-k8s'));
    store.update('self-healing', () => ({ status: 'in-progress', step: 3, updatedAt: '', facts: { stale: true } }));
    await runLesson(healingLesson(), ctx, store);
    expect(output()).toContain('Namespace k8s-tutor was deleted since you were here');
    expect(output()).not.toContain('Continuing at step');
    expect(output()).toContain('Picking a pod');
    expect(ctx.facts).not.toHaveProperty('stale');
  });

  it('resumed after every step is done (the check failed last time): says so instead of "step 5 of 4", and the failing check names the -n in use', async () => {
    const kube = new FakeKube([], 'learner');
    let text = '';
    const ui = new PlainUi({ write: (t: string) => (text += t) });
    const store = new ProgressStore(mkdtempSync(join(tmpdir(), 'runner-')));
    const ctx = createLessonContext({ kube, ui, cluster, yes: true, signal: new AbortController().signal });
    kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'learner' } });
    store.update('self-healing', () => ({ status: 'in-progress', step: 4, updatedAt: '', baselines: {} }));
    const outcome = await runLesson(healingLesson(), ctx, store);
    expect(outcome.passed).toBe(false);
    expect(text).toContain('Every step of this lesson is done; checking it again.');
    expect(text).not.toMatch(/Continuing at step/);
    expect(text).toContain('then run `k8s-tutor check self-healing -n learner`.');
  });

  it('"do it for me" prints its kubectl line first, then what it did, even when the line names what doIt picked', async () => {
    const { kube, store, ctx, output } = setup({ yes: true });
    kube.put(deployment('fastapi-k8s', 1, 1));
    kube.put(pod('fastapi-k8s-a', 'fastapi-k8s'));
    const lesson = defineLesson({
      id: 'self-healing', number: 6, title: 'Self-Healing', summary: 'test',
      steps: [
        tryIt({
          task: 'Delete a pod.',
          until: [podReplaced('fastapi-k8s')],
          hints: ['kubectl get pods -n {ns}'],
          kubectl: 'kubectl delete pod {pod} -n {ns}',
          sets: ['pod'],
          doIt: async (c) => {
            c.vars.pod = 'fastapi-k8s-a';
            await c.kube.delete({ apiVersion: 'v1', kind: 'Pod', name: 'fastapi-k8s-a' });
            (c.kube as FakeKube).put(pod('fastapi-k8s-b', 'fastapi-k8s'));
            c.ui.dim('pod "fastapi-k8s-a" deleted');
          },
        }),
      ],
      check: [podReplaced('fastapi-k8s')],
    });
    await runLesson(lesson, ctx, store);
    const text = output();
    const command = text.indexOf('$ kubectl delete pod fastapi-k8s-a -n k8s-tutor');
    const result = text.indexOf('pod "fastapi-k8s-a" deleted');
    expect(command).toBeGreaterThan(-1);
    expect(result).toBeGreaterThan(command);
    expect(text.indexOf('Doing it for you')).toBeLessThan(command);
  });

  it('interactive: a wrong answer gets its verdict while the tutor goes on waiting, and the right one is noticed', async () => {
    const { kube, store, ctx, output } = setup({ answers: [] });
    kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'answer' }, data: {} });
    const answered: Check = {
      name: 'you wrote the answer 1',
      watches: [{ apiVersion: 'v1', kind: 'ConfigMap' }],
      answers: true,
      async evaluate(c) {
        const value = ((await c.kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'answer' }))?.data as Record<string, string> | undefined)?.value;
        if (value === '1') return { name: this.name, passed: true, message: 'answer 1 is right' };
        return { name: this.name, passed: false, message: value === undefined ? 'no answer yet' : `answer ${value} is not it: count again` };
      },
    };
    const lesson = defineLesson({ id: 'what-is-kubernetes', number: 1, title: 'T', summary: 's', steps: [tryIt({ task: 'Answer.', until: [answered], hints: ['h'], doIt: async () => undefined })], check: [answered] });
    let prompts = 0;
    const ui = ctx.ui as PlainUi;
    ui.select = ((_m: string, _c: unknown, o?: { signal?: AbortSignal }) => {
      prompts++;
      return new Promise((_, reject) => {
        if (o?.signal?.aborted) reject(new PromptAbortedError());
        o?.signal?.addEventListener('abort', () => reject(new PromptAbortedError()));
      });
    }) as PlainUi['select'];
    const answer = (value: string) => kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'answer' }, data: { value } });
    setTimeout(() => answer('3'), 30);
    setTimeout(() => answer('2'), 80);
    setTimeout(() => answer('1'), 130);
    const outcome = await runLesson(lesson, ctx, store);
    expect(outcome.passed).toBe(true);
    expect(output()).toContain('answer 3 is not it: count again');
    expect(output()).toContain('answer 2 is not it: count again');
    expect(output()).not.toContain('no answer yet');
    expect(output()).toContain('Noticed: answer 1 is right');
    expect(prompts).toBe(3);
  });
});
