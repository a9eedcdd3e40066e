import type { LogMeta } from '@greenroom/backend-plugin-api';
import { isError } from '@greenroom/errors';
import { isSecretKey, REDACTED_VALUE } from './secret-keys.js';
import type { SecretRedactor } from './secret-redactor.js';
import { serializeError } from './serialize-error.js';

/** Fields every line has; the same names in meta are kept under `meta.<name>`. */
const RESERVED_KEYS = new Set(['level', 'timestamp', 'message']);
const MAX_DEPTH = 10;

/**
 * Turns log meta into fields that are safe to write: errors become
 * `{ name, message, stack, cause }`, values under secret-looking keys become
 * `[REDACTED]`, registered secret strings become `***`, cycles and very deep values
 * are cut. An `Error` passed as meta is logged as `error`.
 *
 * @example
 * toLogFields({ token: 'abc', error: new Error('boom') }, redactor);
 * // { token: '[REDACTED]', error: { name: 'Error', message: 'boom', stack: '…' } }
 */
export function toLogFields(meta: LogMeta | Error, redactor: SecretRedactor): Record<string, unknown> {
  const source: LogMeta = isError(meta) ? { error: meta } : meta;
  const fields: Record<string, unknown> = {};
  const ancestors = new Set<object>();
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const name = RESERVED_KEYS.has(key) ? `meta.${key}` : redactor.redact(key);
    fields[name] = isSecretKey(key) ? REDACTED_VALUE : sanitize(value, redactor, 1, ancestors);
  }
  return fields;
}

function sanitize(value: unknown, redactor: SecretRedactor, depth: number, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      return redactor.redact(value);
    case 'bigint':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    case 'symbol':
      return value.toString();
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  if (ancestors.has(value)) return '[Circular]';
  if (depth > MAX_DEPTH) return '[Too deep]';

  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => sanitize(item, redactor, depth + 1, ancestors));
    if (value instanceof Map) return sanitizeEntries(value.entries(), redactor, depth, ancestors);
    if (value instanceof Set) return [...value].map((item) => sanitize(item, redactor, depth + 1, ancestors));
    if (isError(value))
      return sanitizeEntries(Object.entries(serializeError(value)), redactor, depth, ancestors);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return sanitize(toJSON.call(value), redactor, depth + 1, ancestors);
    return sanitizeEntries(Object.entries(value), redactor, depth, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function sanitizeEntries(
  entries: Iterable<[unknown, unknown]>,
  redactor: SecretRedactor,
  depth: number,
  ancestors: Set<object>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [rawKey, item] of entries) {
    if (item === undefined) continue;
    const key = String(rawKey);
    result[redactor.redact(key)] = isSecretKey(key)
      ? REDACTED_VALUE
      : sanitize(item, redactor, depth + 1, ancestors);
  }
  return result;
}
