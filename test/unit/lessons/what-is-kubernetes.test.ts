import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import lesson from '../../../lessons/01-what-is-kubernetes/lesson.js';
import { COUNT_PLACEHOLDER, countedLabelCommand, judgeAnswer, nodeCountLabelled } from '../../../lessons/01-what-is-kubernetes/nodes.js';
import { waitUntil } from '../../../src/course/wait.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FakeKube } from '../fake-kube.js';

describe('lesson 1: the learner\'s node count', () => {
  it('passes only on the number of nodes', () => {
    expect(judgeAnswer('1', 1).ok).toBe(true);
    expect(judgeAnswer('3', 3)).toEqual({ ok: true, message: 'you counted 3 nodes and wrote it on the namespace (nodes=3)' });
    expect(judgeAnswer('1', 3)).toEqual({ ok: false, message: 'the label says nodes=1, but kubectl get nodes lists 3 nodes: look again (kubectl get nodes prints one line per node, under a NAME header line)' });
  });

  it('a wrong number gets one line: what is wrong and where to look; the header line counted says so', () => {
    expect(judgeAnswer('3', 1)).toEqual({ ok: false, message: 'the label says nodes=3, but kubectl get nodes lists 1 node: look again (kubectl get nodes prints one line per node, under a NAME header line)' });
    expect(judgeAnswer('2', 1)).toEqual({ ok: false, message: 'the label says nodes=2, but kubectl get nodes lists 1 node: its first line is the NAME header, not a node' });
    for (const answer of ['3', '2', '0', 'one', COUNT_PLACEHOLDER]) expect(judgeAnswer(answer, 1).message).not.toContain('\n');
  });

  it('says what is missing when there is no label, no number in it, or the placeholder pasted as it is', () => {
    expect(judgeAnswer(undefined, 1).message).toMatch(/^the namespace has no nodes= label yet/);
    expect(judgeAnswer('one', 1)).toEqual({ ok: false, message: 'the label says nodes=one, which is not a number of nodes (kubectl get nodes prints one line per node, under a NAME header line)' });
    expect(judgeAnswer(COUNT_PLACEHOLDER, 1).message).toBe('the label says nodes=NODE_COUNT: write the number of nodes in place of NODE_COUNT (kubectl get nodes prints one line per node, under a NAME header line)');
  });
});

const node = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, namespace: '' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
const namespace = (labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'learner', labels } });

describe('lesson 1: a wrong answer while the tutor waits', () => {
  it('is a failing result with its verdict for the waiting step to show, and the wait goes on to the right number', async () => {
    const kube = new FakeKube([node('only')], 'learner');
    kube.put(namespace({}));
    const seen: string[] = [];
    const waiting = waitUntil([nodeCountLabelled], { kube, namespace: 'learner' }, { timeoutMs: 5_000, onUpdate: (results) => seen.push(results[0]!.message) });
    await new Promise((r) => setTimeout(r, 20));
    kube.put(namespace({ nodes: '3' }));
    await new Promise((r) => setTimeout(r, 20));
    kube.put(namespace({ nodes: '1' }));
    const outcome = await waiting;
    expect(outcome.passed).toBe(true);
    expect(seen).toEqual([
      'the namespace has no nodes= label yet: count your nodes with kubectl get nodes, then label the namespace with the number',
      'the label says nodes=3, but kubectl get nodes lists 1 node: look again (kubectl get nodes prints one line per node, under a NAME header line)',
      'you counted 1 node and wrote it on the namespace (nodes=1)',
    ]);
  });

  it('its fix is a command that pastes: no <placeholder> the shell would read as a redirect', async () => {
    const kube = new FakeKube([node('only')], 'learner');
    kube.put(namespace({ nodes: '2' }));
    const result = await nodeCountLabelled.evaluate({ kube, namespace: 'learner' });
    expect(result.fix).toBe("kubectl label namespace learner nodes=$(kubectl get nodes --no-headers | grep -c .) --overwrite");
  });
});

describe('lesson 1: every command it prints pastes into bash', () => {
  const texts = (): string[] => lesson.steps.flatMap((s) => (s.kind === 'tryIt' ? [s.task, ...s.hints, String(s.kubectl)] : s.kind === 'act' && typeof s.kubectl === 'string' ? [s.kubectl] : [])).concat(lesson.hints ?? []);

  it('has no <…> placeholder, and its commands parse in bash', () => {
    for (const text of texts()) expect(text).not.toMatch(/<[^>]*>/);
    const command = countedLabelCommand('learner');
    // No `<…>` (bash reads it as a redirect, and bash -n would not notice); bash -n catches quotes and $( ) left open.
    for (const text of [command, ...texts().filter((t) => t.startsWith('kubectl '))]) execFileSync('bash', ['-n', '-c', text]);
  });
});
