import { DefaultAuditorService } from '@greenroom/backend';
import type { AuditorService, HttpAuthService } from '@greenroom/backend-plugin-api';
import type { TestLogger } from '@greenroom/test-utils';

/** The real auditor writing to a test logger (events without a request never touch httpAuth). */
export function testAuditor(logger: TestLogger): AuditorService {
  return new DefaultAuditorService({
    logger,
    pluginId: 'permission',
    httpAuth: {} as HttpAuthService,
    severityLogLevels: { low: 'info', medium: 'info', high: 'info', critical: 'info' },
  });
}

/** The audit lines written so far, as `{ eventId, status, meta }`. */
export function auditLines(
  logger: TestLogger,
): { eventId: unknown; status: unknown; meta: unknown; error?: unknown }[] {
  return logger.lines
    .filter((line) => line.meta.isAuditEvent === true)
    .map((line) => ({
      eventId: line.meta.eventId,
      status: line.meta.status,
      meta: line.meta.meta,
      ...(line.meta.error ? { error: line.meta.error } : {}),
    }));
}
