import { z } from 'zod';

const levelSchema = z.enum(['debug', 'info', 'warn', 'error']);

/**
 * The `backend.auditor` config block.
 *
 * @example
 * // app-config.yaml
 * // backend:
 * //   auditor:
 * //     severityLogLevelMappings: { low: info }
 */
export const auditorConfigSchema = z
  .object({
    severityLogLevelMappings: z
      .object({
        low: levelSchema.default('debug').describe('Log level of low-severity audit events.'),
        medium: levelSchema.default('info').describe('Log level of medium-severity audit events.'),
        high: levelSchema.default('info').describe('Log level of high-severity audit events.'),
        critical: levelSchema.default('info').describe('Log level of critical audit events.'),
      })
      .prefault({})
      .describe('The log level each audit event severity is written at.'),
  })
  .prefault({})
  .describe('Audit events: structured log lines tagged isAuditEvent, recording who did what.');

export type AuditorConfig = z.output<typeof auditorConfigSchema>;
