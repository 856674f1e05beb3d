/** Kubernetes resource quantities ("100m", "0.1", "128Mi", "1G", "1e3") as plain numbers. */

const SUFFIXES: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const [, digits, exponent, suffix] = match;
  const base = Number(digits);
  if (exponent !== undefined) return base * 10 ** Number(exponent);
  return base * (SUFFIXES[suffix ?? ''] ?? 1);
}

/** True when both sides are quantities of equal value ("0.1" and "100m", "1Gi" and "1024Mi"). */
export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === undefined || y === undefined) return false;
  return Math.abs(x - y) <= Math.abs(x) * 1e-9;
}
