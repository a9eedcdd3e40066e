import { createHash } from 'node:crypto';

/**
 * SHA-1 of a JSON value with object keys sorted, so equal values hash equally whatever
 * order their keys were written in. Keys whose value is `undefined` are left out, as
 * `JSON.stringify` does.
 *
 * @example
 * stableHash({ b: 1, a: 2 }) === stableHash({ a: 2, b: 1 }); // true
 */
export function stableHash(value: unknown): string {
  const parts: string[] = [];
  canonical(value, parts);
  return createHash('sha1').update(parts.join('')).digest('hex');
}

// Collects the pieces of the canonical JSON; one join is cheaper than nested concatenation.
function canonical(value: unknown, parts: string[]): void {
  if (value === null || typeof value !== 'object') {
    parts.push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      canonical(value[i] === undefined ? null : value[i], parts);
    }
    parts.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  parts.push('{');
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    parts.push(i > 0 ? `,${JSON.stringify(key)}:` : `${JSON.stringify(key)}:`);
    canonical(record[key], parts);
  }
  parts.push('}');
}
