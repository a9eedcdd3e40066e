import type { AuditorService } from '@greenroom/backend-plugin-api';
import type { FastifyRequest } from 'fastify';

/** Mutations are `medium`; reads `low` (reference §2.1). */
const MUTATIONS = new Set(['entity-mutate', 'location-mutate']);

/**
 * Wraps a handler in an auditor event: `initiated` before, then `succeeded` or
 * `failed` with the error, which is re-thrown for the error handler.
 *
 * @example
 * const audit = audited(auditor);
 * handler: (request, reply) => audit('entity-fetch', request, { queryType: 'by-uid' }, async () => reply.send(entity));
 */
export function audited(auditor: AuditorService) {
  return async <T>(
    eventId: string,
    request: FastifyRequest,
    meta: Record<string, unknown>,
    fn: () => Promise<T>,
  ): Promise<T> => {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: MUTATIONS.has(eventId) ? 'medium' : 'low',
      request,
      meta,
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error instanceof Error ? error : new Error(String(error)) });
      throw error;
    }
  };
}
