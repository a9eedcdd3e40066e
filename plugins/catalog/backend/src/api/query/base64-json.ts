import { InputError } from '@greenroom/errors';
import { queryLimits } from './limits.js';

/**
 * Encodes a value as standard base64 of its UTF-8 JSON, the cursor encoding
 * `@backstage/catalog-client` peeks into with `JSON.parse(atob(cursor))`.
 *
 * @example
 * encodeBase64Json({ limit: 10, offset: 20 }); // 'eyJsaW1pdCI6MTAsIm9mZnNldCI6MjB9'
 */
export function encodeBase64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes {@link encodeBase64Json}. Tolerates a `+` that a hand-written URL turned
 * into a space and missing padding.
 *
 * @throws InputError `<what>: ...` when the text is not base64 of JSON.
 * @example
 * decodeBase64Json(cursor, 'Malformed cursor');
 */
export function decodeBase64Json(text: string, what: string): unknown {
  if (text.length > queryLimits.maxCursorLength) {
    throw new InputError(`${what}: longer than ${queryLimits.maxCursorLength} characters`);
  }
  const normalized = text.trim().replace(/ /g, '+');
  if (!normalized || !BASE64.test(normalized)) {
    throw new InputError(
      `${what}: not base64; pass the cursor from a previous response unchanged (percent-encoded in URLs)`,
    );
  }
  try {
    return JSON.parse(Buffer.from(normalized, 'base64').toString('utf8'));
  } catch {
    throw new InputError(
      `${what}: not base64-encoded JSON; pass the cursor from a previous response unchanged`,
    );
  }
}
