import { errorStatusCode, isError } from './status.js';

/** The error body every Greenroom endpoint answers with; the same shape as Backstage's. */
export interface ErrorResponseBody {
  error: { name: string; message: string; stack?: string };
  request?: { method: string; url: string };
  response: { statusCode: number };
}

/**
 * Builds the error response body for an error thrown while serving a request.
 * Server errors (5xx) hide their message unless `exposeInternal` is set, so that
 * internals never leak to callers in production.
 *
 * @example
 * toErrorResponseBody(new InputError('bad filter'), { method: 'GET', url: '/api/catalog/entities' });
 */
export function toErrorResponseBody(
  error: unknown,
  request?: { method: string; url: string },
  options: { exposeInternal?: boolean } = {},
): ErrorResponseBody {
  const statusCode = errorStatusCode(error);
  const err = isError(error) ? error : new Error(String(error));
  const hide = statusCode >= 500 && !options.exposeInternal;
  return {
    error: {
      name: hide ? 'Error' : err.name,
      message: hide ? 'Internal Server Error' : err.message,
    },
    ...(request ? { request: { method: request.method, url: request.url } } : {}),
    response: { statusCode },
  };
}
