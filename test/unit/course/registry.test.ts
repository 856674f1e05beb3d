import { describe, expect, it } from 'vitest';
import { findLesson } from '../../../src/course/registry.js';
import { UsageError } from '../../../src/errors.js';
import { catalog as lessons, loadLesson } from '../../../lessons/catalog.js';

describe('findLesson', () => {
  it('finds by slug, number and alias', () => {
    expect(findLesson(lessons, 'self-healing').number).toBe(6);
    expect(findLesson(lessons, '6').id).toBe('self-healing');
    expect(findLesson(lessons, 'hpa').id).toBe('autoscaling');
    expect(findLesson(lessons, ' First-Deployment ').id).toBe('first-deployment');
  });

  it('suggests the nearest slug for a typo', () => {
    expect(() => findLesson(lessons, 'self-heling')).toThrow(UsageError);
    try {
      findLesson(lessons, 'self-heling');
    } catch (error) {
      expect((error as UsageError).hint).toContain('Did you mean `self-healing`?');
    }
  });

  it('lists the lessons when nothing is close, and rejects numbers out of range', () => {
    expect(() => findLesson(lessons, 'nope')).toThrow('unknown lesson "nope"');
    const past = String(lessons.length + 1);
    expect(() => findLesson(lessons, past)).toThrow(`there is no lesson ${past}`);
    expect(() => findLesson(lessons, '0')).toThrow('there is no lesson 0');
  });

  it('each lesson module carries its catalog entry', async () => {
    for (const { requires: _requires, ...info } of lessons) expect(await loadLesson(info.id)).toMatchObject(info);
  });

  it('starts with the 15 lessons of the contract, in order (a later lesson may follow them)', () => {
    expect(lessons.slice(0, 15).map((l) => l.id)).toEqual([
      'what-is-kubernetes', 'core-concepts', 'first-deployment', 'deploying-and-verifying', 'scaling', 'self-healing',
      'rolling-updates', 'resource-management', 'monitoring', 'networking', 'config-and-secrets', 'persistent-storage',
      'autoscaling', 'troubleshooting', 'where-next',
    ]);
  });
});
