import { createHash } from 'node:crypto';

/**
 * A stable hash of any JSON value: object keys are sorted, so two equal values hash
 * equally whatever order their keys were written in.
 *
 * @example
 * stableHash({ b: 1, a: 2 }) === stableHash({ a: 2, b: 1 }); // true
 */
export function stableHash(value: unknown): string {
  return createHash('sha1').update(stableStringify(value)).digest('hex');
}

/** JSON with sorted object keys. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
