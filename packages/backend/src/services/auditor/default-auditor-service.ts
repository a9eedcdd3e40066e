import type {
  AuditorEvent,
  AuditorService,
  AuditorSeverity,
  FastifyRequest,
  HttpAuthService,
  Logger,
} from '@greenroom/backend-plugin-api';
import {
  type AuditActor,
  type AuditRequest,
  describeAuditRequest,
  resolveAuditActor,
} from './audit-actor.js';
import type { AuditorConfig } from './auditor-config.js';

/** What happened to an audited action so far. */
export type AuditEventStatus = 'initiated' | 'succeeded' | 'failed';

/** Options for {@link DefaultAuditorService}. */
export interface DefaultAuditorServiceOptions {
  /** The plugin's logger; audit lines are written through it. */
  logger: Logger;
  pluginId: string;
  httpAuth: HttpAuthService;
  /** Log level per severity; see `backend.auditor.severityLogLevelMappings`. */
  severityLogLevels: AuditorConfig['severityLogLevelMappings'];
}

interface AuditLine {
  isAuditEvent: true;
  eventId: string;
  severityLevel: AuditorSeverity;
  plugin: string;
  actor: AuditActor;
  request?: AuditRequest;
  meta?: Record<string, unknown>;
  status: AuditEventStatus;
  error?: { name: string; message: string };
}

/** The event of a severity whose log level is off: nothing to write, now or when it ends. */
const UNLOGGED_EVENT: AuditorEvent = Object.freeze({
  success: async () => {},
  fail: async () => {},
});

/**
 * Writes audit events as log lines tagged `isAuditEvent: true`: one `initiated` line
 * when the event is created, then one `succeeded` or `failed` line, all at the level
 * mapped from the event's severity. Failures carry the error's name and message only,
 * never a stack. When the logger has that level off (`isLevelEnabled`) as the event is
 * created, the event writes nothing and does not resolve the actor.
 *
 * @example
 * const auditor = new DefaultAuditorService({ logger, pluginId: 'catalog', httpAuth, severityLogLevels });
 * const event = await auditor.createEvent({ eventId: 'entity-delete', severityLevel: 'medium', request });
 * await event.success({ meta: { entityRef } });
 */
export class DefaultAuditorService implements AuditorService {
  readonly #options: DefaultAuditorServiceOptions;

  constructor(options: DefaultAuditorServiceOptions) {
    this.#options = options;
  }

  async createEvent(options: {
    eventId: string;
    severityLevel?: AuditorSeverity;
    request?: FastifyRequest;
    meta?: Record<string, unknown>;
  }): Promise<AuditorEvent> {
    const { eventId, severityLevel = 'low', request, meta } = options;
    const { pluginId, httpAuth, logger, severityLogLevels } = this.#options;
    // Reads are audited at `low` (debug by default): with debug off, building their lines
    // (the actor, the request, three copies) was a tenth of what a by-name request allocated.
    if (logger.isLevelEnabled?.(severityLogLevels[severityLevel]) === false) return UNLOGGED_EVENT;
    const line: Omit<AuditLine, 'status'> = {
      isAuditEvent: true,
      eventId,
      severityLevel,
      plugin: pluginId,
      actor: request ? await resolveAuditActor(request, httpAuth) : {},
      ...(request ? { request: describeAuditRequest(request) } : {}),
      ...(meta ? { meta } : {}),
    };
    this.#log({ ...line, status: 'initiated' });

    const withMeta = (extra: Record<string, unknown> | undefined) =>
      extra ? { ...line, meta: { ...line.meta, ...extra } } : line;
    return {
      success: async (result) => {
        this.#log({ ...withMeta(result?.meta), status: 'succeeded' });
      },
      fail: async ({ error, meta: extra }) => {
        this.#log({
          ...withMeta(extra),
          status: 'failed',
          error: { name: String(error?.name ?? 'Error'), message: String(error?.message ?? error) },
        });
      },
    };
  }

  #log(line: AuditLine): void {
    const level = this.#options.severityLogLevels[line.severityLevel];
    this.#options.logger[level](`${line.plugin}.${line.eventId}`, { ...line });
  }
}
