/** An error as it appears in a log line. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  cause?: unknown;
  [key: string]: unknown;
}

/**
 * Turns an error into plain fields: `name`, `message`, `stack`, `cause` (left as is,
 * so the caller can serialise it in turn), AggregateError's `errors`, and any own
 * enumerable fields such as `code` or `statusCode`. `JSON.stringify(error)` would give `{}`.
 *
 * @example
 * serializeError(new TypeError('bad')); // { name: 'TypeError', message: 'bad', stack: 'TypeError: bad\n    at …' }
 */
export function serializeError(error: Error): SerializedError {
  const fields: SerializedError = { name: error.name, message: error.message };
  if (typeof error.stack === 'string') fields.stack = error.stack;
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'name' && key !== 'message' && key !== 'stack') fields[key] = value;
  }
  if (error.cause !== undefined) fields.cause = error.cause;
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) fields.errors = errors;
  return fields;
}
