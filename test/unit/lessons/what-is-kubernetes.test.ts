import { describe, expect, it } from 'vitest';
import { judgeAnswer } from '../../../lessons/01-what-is-kubernetes/nodes.js';

describe('lesson 1: the learner\'s node count', () => {
  it('passes only on the number of nodes', () => {
    expect(judgeAnswer('1', 1).ok).toBe(true);
    expect(judgeAnswer('3', 3)).toEqual({ ok: true, message: 'you counted 3 nodes and wrote it on the namespace (nodes=3)' });
    expect(judgeAnswer('1', 3)).toEqual({ ok: false, message: 'the label says nodes=1, but kubectl get nodes lists 3: look again' });
  });

  it('says what is missing when there is no label, or no number in it', () => {
    expect(judgeAnswer(undefined, 1).message).toMatch(/^the namespace has no nodes= label yet/);
    expect(judgeAnswer('one', 1)).toEqual({ ok: false, message: 'the label says nodes=one, which is not a number of nodes' });
  });
});
