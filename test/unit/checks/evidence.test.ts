import { describe, expect, it } from 'vitest';
import type { Check } from '../../../src/checks/check.js';
import { fail, pass } from '../../../src/checks/check.js';
import { evaluateAll } from '../../../src/checks/evaluate.js';
import { withEvidence } from '../../../src/checks/evidence.js';
import { FakeKube } from '../fake-kube.js';

/** A check whose answer the test sets: passes while `state.on` is true. */
function switchCheck(latch: boolean, state: { on: boolean }): Check {
  return {
    name: 'the learner deleted a pod',
    watches: [],
    latch,
    async baseline() {
      return { uids: ['a'] };
    },
    async evaluate() {
      return state.on ? pass('the learner deleted a pod', 'pod a was replaced by b') : fail('the learner deleted a pod', 'no pod was replaced');
    },
  };
}

describe('evidence of a learner action', () => {
  const kube = new FakeKube();
  const ctx = { kube, namespace: 'ns' };

  it('a latching check keeps what it saw: a later change of state does not undo it', async () => {
    const state = { on: true };
    const check = switchCheck(true, state);
    const baselines = { [check.name]: { uids: ['a'] } };
    const first = await evaluateAll([check], ctx, baselines);
    const kept = withEvidence([check], first, baselines, new Date('2026-12-04T03:00:00Z'));
    expect(kept?.[check.name]).toEqual({ uids: ['a'], seen: { message: 'pod a was replaced by b', at: '2026-12-04T03:00:00.000Z' } });
    state.on = false;
    const later = await evaluateAll([check], ctx, kept);
    expect(later[0]).toMatchObject({ passed: true, fromEvidence: true, message: 'pod a was replaced by b (seen 2026-12-04T03:00:00.000Z)' });
    expect(withEvidence([check], later, kept!)).toBeUndefined();
  });

  it('a state check keeps nothing and answers from the cluster every time', async () => {
    const state = { on: true };
    const check = switchCheck(false, state);
    const results = await evaluateAll([check], ctx, {});
    expect(withEvidence([check], results, {})).toBeUndefined();
    state.on = false;
    expect((await evaluateAll([check], ctx, {}))[0]!.passed).toBe(false);
  });

  it('a failed latching check keeps nothing', async () => {
    const check = switchCheck(true, { on: false });
    const results = await evaluateAll([check], ctx, {});
    expect(results[0]!.passed).toBe(false);
    expect(withEvidence([check], results, {})).toBeUndefined();
  });
});
