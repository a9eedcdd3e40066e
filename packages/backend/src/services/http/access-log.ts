import type { Logger } from '@greenroom/backend-plugin-api';
import type { FastifyInstance } from 'fastify';
import { pathOf } from './error-handler.js';

/**
 * Logs one debug line per answered request: method, path, status and duration.
 * Headers (Authorization, Cookie) and the query string are never logged.
 *
 * @example
 * installAccessLog(server, logger);
 * // debug: GET /api/catalog/entities 200 (12 ms)
 */
export function installAccessLog(server: FastifyInstance, logger: Logger): void {
  server.addHook('onResponse', async (request, reply) => {
    const path = pathOf(request);
    const durationMs = Math.round(reply.elapsedTime * 10) / 10;
    logger.debug(`${request.method} ${path} ${reply.statusCode} (${durationMs} ms)`, {
      method: request.method,
      url: path,
      statusCode: reply.statusCode,
      durationMs,
    });
  });
}
