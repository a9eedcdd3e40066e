import type { FastifyRequest } from 'fastify';

export type AuditorSeverity = 'low' | 'medium' | 'high' | 'critical';

/** An audit event in progress; finish it with `success` or `fail`. */
export interface AuditorEvent {
  success(options?: { meta?: Record<string, unknown> }): Promise<void>;
  fail(options: { error: Error; meta?: Record<string, unknown> }): Promise<void>;
}

/**
 * Records who did what to which target, and whether it worked. Events are structured
 * log lines tagged `isAuditEvent: true`.
 *
 * @example
 * const event = await auditor.createEvent({ eventId: 'entity-delete', meta: { entityRef } , request });
 * try { await remove(entityRef); await event.success(); }
 * catch (error) { await event.fail({ error }); throw error; }
 */
export interface AuditorService {
  createEvent(options: {
    /** A kebab-case name for the action, e.g. `entity-mutate`. */
    eventId: string;
    severityLevel?: AuditorSeverity;
    /** The request that caused it; the actor and request details are taken from it. */
    request?: FastifyRequest;
    meta?: Record<string, unknown>;
  }): Promise<AuditorEvent>;
}
