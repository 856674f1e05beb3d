import { describe, expect, it } from 'vitest';
import { serviceFanOut } from '../../../lessons/05-scaling/spread.js';

describe('serviceFanOut', () => {
  it('draws one arrow and one count per pod, under the Service', () => {
    const lines = serviceFanOut('Service fastapi-k8s (port 80)', new Map([['fastapi-k8s-7f8b9c6d4-2nxkl', 7], ['fastapi-k8s-7f8b9c6d4-5m9qr', 5], ['fastapi-k8s-7f8b9c6d4-8hjt2', 8]]), 0);
    expect(lines[0]!.trim()).toBe('Service fastapi-k8s (port 80)');
    expect(lines[2]).toMatch(/^\s*┌─+┼─+┐$/);
    expect(lines[3]!.match(/▼/g)).toHaveLength(3);
    expect(lines[4]).toMatch(/…-2nxkl\s+…-5m9qr\s+…-8hjt2/);
    expect(lines[5]).toMatch(/7 answers\s+5 answers\s+8 answers/);
  });

  it('says so when requests failed, and when nobody answered', () => {
    expect(serviceFanOut('S', new Map([['a-b-c', 1]]), 2).at(-1)).toBe('(2 requests failed)');
    expect(serviceFanOut('S', new Map(), 20)).toEqual(['S', 'no pod answered (20 requests failed)']);
  });
});
