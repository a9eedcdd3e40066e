import type { Logger } from '@greenroom/backend-plugin-api';
import {
  errorStatusCode,
  InputError,
  isError,
  NotFoundError,
  PayloadTooLargeError,
  toErrorResponseBody,
} from '@greenroom/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Makes every error, and every request for an unknown route, answer with the
 * Backstage-shaped error body `{ error: { name, message }, request, response }`.
 * Server errors (5xx) are logged with the error and their message is hidden from
 * the caller (unless `exposeInternal`); client errors (4xx) are logged at debug level.
 *
 * @example
 * installErrorHandling(server, { logger, exposeInternal: process.env.NODE_ENV === 'development' });
 */
export function installErrorHandling(
  server: FastifyInstance,
  options: { logger: Logger; exposeInternal?: boolean },
): void {
  const { logger } = options;
  server.setErrorHandler((error, request, reply) => {
    const normalized = normalizeFastifyError(error, request);
    const statusCode = errorStatusCode(normalized);
    const path = pathOf(request);
    if (statusCode >= 500) {
      // 503 is expected while starting or stopping; other server errors are bugs or outages.
      logger[statusCode === 503 ? 'warn' : 'error'](
        `Request failed: ${request.method} ${path} → ${statusCode}`,
        {
          method: request.method,
          url: path,
          statusCode,
          error: normalized,
        },
      );
    } else {
      logger.debug(`Request rejected: ${request.method} ${path} → ${statusCode}`, {
        method: request.method,
        url: path,
        statusCode,
        error: describe(normalized),
      });
    }
    sendError(reply, request, normalized, options.exposeInternal);
  });
  server.setNotFoundHandler((request, reply) => {
    sendError(reply, request, notFound(request));
  });
}

/** The error for a request that matched no route. */
export function notFound(request: FastifyRequest): NotFoundError {
  return new NotFoundError(`No route for ${request.method} ${pathOf(request)}`);
}

/** Writes the error body for `error` to `reply`. */
export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  error: unknown,
  exposeInternal = false,
): FastifyReply {
  const body = toErrorResponseBody(error, { method: request.method, url: request.url }, { exposeInternal });
  const statusCode = body.response.statusCode;
  // A 304 carries no body by definition.
  if (statusCode < 400) return reply.code(statusCode).send();
  return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}

/** A request's path without its query string, which may carry secrets and never goes to the logs. */
export function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

/** Maps Fastify's own errors (validation, body parsing) onto the typed Greenroom errors. */
function normalizeFastifyError(error: unknown, request: FastifyRequest): unknown {
  if (!isError(error)) return error;
  const validation = (error as { validation?: unknown }).validation;
  if (Array.isArray(validation)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'request';
    return new InputError(describeValidation(context, validation), error);
  }
  switch ((error as { code?: unknown }).code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLargeError(
        `Request body is larger than the limit of ${request.routeOptions.bodyLimit} bytes; ` +
          'send less data, or raise backend.http.bodyLimit',
        error,
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new InputError('Request body is not valid JSON', error);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const contentType = String(request.headers['content-type'] ?? '').slice(0, 100);
      return new InputError(`Illegal Content-Type '${contentType}'; send application/json`, error);
    }
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new InputError('Request body size does not match its Content-Length header', error);
    default:
      return error;
  }
}

function describeValidation(context: string, issues: unknown[]): string {
  const details = issues.map((issue) => {
    const { instancePath, message } = issue as { instancePath?: string; message?: string };
    const field = (instancePath ?? '').split('/').filter(Boolean).join('.');
    return field ? `'${field}': ${message ?? 'is invalid'}` : (message ?? 'is invalid');
  });
  return `Invalid ${context}: ${details.join('; ')}`;
}

function describe(error: unknown): string {
  return isError(error) ? `${error.name}: ${error.message}` : String(error);
}
