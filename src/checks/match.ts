import { quantitiesEqual } from '../kube/quantity.js';

/**
 * Partial-object matching, as chainsaw and kuttl do it:
 * - maps: every expected key must exist and match; extra actual keys are ignored;
 * - lists: same length and order, unless wrapped in byName(), which matches items by `name`;
 * - scalars: equal, where quantities compare by value and a number equals its string form.
 */

const KEYED = Symbol('keyed-list');

export interface KeyedList {
  [KEYED]: string;
  items: unknown[];
}

/** A list matched by each item's `name` (or another key), ignoring order and extra items. */
export function byName(items: unknown[], key = 'name'): KeyedList {
  return { [KEYED]: key, items };
}

function isKeyedList(value: unknown): value is KeyedList {
  return typeof value === 'object' && value !== null && KEYED in value;
}

export interface Mismatch {
  /** Dotted path, with [name] for keyed items and [i] for positions: spec.template.spec.containers[fastapi-k8s].image */
  path: string;
  expected: unknown;
  /** undefined when the field is missing. */
  actual: unknown;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function scalarEqual(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  if (typeof expected === 'number' || typeof actual === 'number') {
    return String(expected) === String(actual);
  }
  return quantitiesEqual(expected, actual);
}

export function matchPartial(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  if (isKeyedList(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected: expected.items, actual }];
    const key = expected[KEYED];
    return expected.items.flatMap((item) => {
      const wanted = isMap(item) ? item[key] : undefined;
      const found = actual.find((candidate) => isMap(candidate) && candidate[key] === wanted);
      const itemPath = `${path}[${String(wanted)}]`;
      if (found === undefined) return [{ path: itemPath, expected: item, actual: undefined }];
      return matchPartial(item, found, itemPath);
    });
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual }];
    return expected.flatMap((item, index) => matchPartial(item, actual[index], `${path}[${index}]`));
  }
  if (isMap(expected)) {
    if (!isMap(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([key, value]) => matchPartial(value, actual[key], join(path, key)));
  }
  return scalarEqual(expected, actual) ? [] : [{ path, expected, actual }];
}

/** The part of `actual` that `expected` talks about, for a trimmed diff. */
export function project(expected: unknown, actual: unknown): unknown {
  if (isKeyedList(expected)) {
    if (!Array.isArray(actual)) return actual;
    const key = expected[KEYED];
    return expected.items.map((item) => {
      const wanted = isMap(item) ? item[key] : undefined;
      const found = actual.find((candidate) => isMap(candidate) && candidate[key] === wanted);
      return found === undefined ? null : project(item, found);
    });
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return actual;
    return actual.map((item, index) => (index < expected.length ? project(expected[index], item) : item));
  }
  if (isMap(expected)) {
    if (!isMap(actual)) return actual;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(expected)) if (key in actual) out[key] = project(expected[key], actual[key]);
    return out;
  }
  return actual;
}

/** The plain value of an expectation (keyed lists become arrays), for printing. */
export function plain(expected: unknown): unknown {
  if (isKeyedList(expected)) return expected.items.map(plain);
  if (Array.isArray(expected)) return expected.map(plain);
  if (isMap(expected)) return Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, plain(v)]));
  return expected;
}

/** Reads a dotted path such as status.readyReplicas from an object. */
export function readPath(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const key of path.split('.')) {
    if (!isMap(current)) return undefined;
    current = current[key];
  }
  return current;
}
