import { describe, expect, it } from 'vitest';
import { parseQuantity, quantitiesEqual } from '../../../src/kube/quantity.js';

describe('quantities', () => {
  it.each([
    ['100m', 0.1],
    ['0.5', 0.5],
    ['2', 2],
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['500k', 5e5],
    ['1e3', 1000],
  ])('%s is %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it('rejects what is not a quantity', () => {
    expect(parseQuantity('fastapi-k8s')).toBeUndefined();
    expect(parseQuantity('/health')).toBeUndefined();
    expect(parseQuantity('12Qi')).toBeUndefined();
  });

  it('tells the guide\'s unit traps apart: Mi is not M', () => {
    expect(quantitiesEqual('1024Mi', '1Gi')).toBe(true);
    expect(quantitiesEqual('128M', '128Mi')).toBe(false);
    expect(quantitiesEqual('0.25', '250m')).toBe(true);
  });
});
