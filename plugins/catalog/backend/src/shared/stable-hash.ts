import { hash } from 'node:crypto';

/**
 * SHA-1 of a JSON value with object keys sorted, so equal values hash equally whatever
 * order their keys were written in. Keys whose value is `undefined` are left out, as
 * `JSON.stringify` does.
 *
 * @example
 * stableHash({ b: 1, a: 2 }) === stableHash({ a: 2, b: 1 }); // true
 */
export function stableHash(value: unknown): string {
  // `crypto.hash` (Node ≥ 20.12): one call, no Hash object.
  return hash('sha1', canonicalJson(value), 'hex');
}

/**
 * SHA-1 of a text, for values already serialised in a stable way.
 *
 * @example
 * textHash(JSON.stringify(entity)); // '2fd4e1c6…'
 */
export function textHash(text: string): string {
  return hash('sha1', text, 'hex');
}

/**
 * The canonical JSON text {@link stableHash} hashes: `JSON.stringify` with object keys
 * sorted.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, undefined] }); // '{"a":[2,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  // Hot (every entity is hashed two or three times): one string built by concatenation,
  // which V8 does without copying, and keys sorted only when they are out of order.
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys = keys.sort();
      break;
    }
  }
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}
