import {
  AuthenticationError,
  BadGatewayError,
  ConflictError,
  GatewayTimeoutError,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
  PayloadTooLargeError,
  ServiceUnavailableError,
} from './errors.js';

/** The one place where error classes meet HTTP status codes. */
const statusByName: Record<string, number> = {
  [InputError.name]: 400,
  [AuthenticationError.name]: 401,
  [NotAllowedError.name]: 403,
  [NotFoundError.name]: 404,
  [ConflictError.name]: 409,
  [PayloadTooLargeError.name]: 413,
  [NotModifiedError.name]: 304,
  [BadGatewayError.name]: 502,
  [ServiceUnavailableError.name]: 503,
  [GatewayTimeoutError.name]: 504,
};

/**
 * The HTTP status for an error: known Greenroom errors by name, then a numeric
 * `statusCode`/`status` property (Fastify's own errors carry one), else 500.
 *
 * @example
 * errorStatusCode(new NotFoundError('gone')); // 404
 */
export function errorStatusCode(error: unknown): number {
  if (error && typeof error === 'object') {
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name in statusByName) return statusByName[name]!;
    for (const key of ['statusCode', 'status'] as const) {
      const value = (error as Record<string, unknown>)[key];
      if (typeof value === 'number' && value >= 400 && value < 600) return value;
    }
  }
  return 500;
}

/** Whether a value looks like an Error (also across realms, where `instanceof` fails). */
export function isError(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as Error).name === 'string' &&
      typeof (value as Error).message === 'string')
  );
}
