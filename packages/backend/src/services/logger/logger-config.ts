import type { LogLevel } from '@greenroom/backend-plugin-api';
import { z } from 'zod';

export type { LogLevel };

/** The log levels, most severe first. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const satisfies readonly LogLevel[];

/**
 * The `backend.logger` config block.
 *
 * @example
 * // app-config.yaml
 * // backend:
 * //   logger: { level: debug, format: json }
 */
export const loggerConfigSchema = z
  .object({
    level: z
      .enum(LOG_LEVELS)
      .default('info')
      .describe('The lowest level that is logged. The LOG_LEVEL environment variable, when set, wins.'),
    format: z
      .enum(['json', 'pretty'])
      .optional()
      .describe(
        'json: one JSON object per line, for log collectors. pretty: readable single lines for a terminal. Default: json when NODE_ENV=production, else pretty.',
      ),
  })
  .prefault({})
  .describe('How the backend logs.');

export type LoggerConfig = z.output<typeof loggerConfigSchema>;
