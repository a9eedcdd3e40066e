import type { Config } from '@greenroom/backend-plugin-api';
import { DURATION_DESCRIPTION, durationSchema } from '@greenroom/config';
import { z } from 'zod';
import { type CorsConfig, corsConfigSchema } from './cors-config.js';
import { type ListenAddress, listenConfigSchema } from './listen-config.js';

/** Node.js timers fire at once for longer delays (about 24.8 days), so longer waits are refused. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;
const TIMER_LIMIT_MESSAGE = 'must be at most 24 days, the longest delay a Node.js timer supports';

const BYTE_UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;

const byteSizeSchema = z
  .union([
    z.number().int().positive(),
    z
      .string()
      .regex(/^\s*\d+\s*(b|kb|mb|gb)?\s*$/i, "Use a number of bytes or a size such as '512kb' or '10mb'")
      .transform((value) => {
        const [, amount, unit] = /^\s*(\d+)\s*(b|kb|mb|gb)?\s*$/i.exec(value)!;
        return Number(amount) * BYTE_UNITS[(unit ?? 'b').toLowerCase() as keyof typeof BYTE_UNITS];
      }),
  ])
  .pipe(z.number().int().positive('The limit must be larger than 0 bytes'));

/**
 * The schema of `backend.http`: request size and timeout limits of the HTTP server.
 *
 * @example
 * httpServerConfigSchema.parse({ bodyLimit: '10mb', requestTimeout: '2m' });
 */
export const httpServerConfigSchema = z
  .object({
    bodyLimit: byteSizeSchema
      .default(1024 * 1024)
      .describe("Largest accepted request body, in bytes or as '10mb' (default 1 MiB); larger → 413"),
    requestTimeout: durationSchema
      .prefault('5m')
      .describe(
        `How long a client may take to send a whole request (default '5m'; 0 disables). ${DURATION_DESCRIPTION}`,
      ),
    keepAliveTimeout: durationSchema
      .prefault('72s')
      .describe(`How long an idle kept-alive connection stays open (default '72s'). ${DURATION_DESCRIPTION}`),
    connectionTimeout: durationSchema
      .prefault(0)
      .describe(`Closes a socket after this much inactivity (default 0: disabled). ${DURATION_DESCRIPTION}`),
  })
  .prefault({})
  .describe('Limits of the HTTP server');

/**
 * The schema of `backend.lifecycle` as far as the HTTP server uses it.
 *
 * @example
 * lifecycleConfigSchema.parse({ serverShutdownDelay: '5s' }); // { serverShutdownDelay: 5000, shutdownTimeout: 30000 }
 */
export const lifecycleConfigSchema = z
  .object({
    serverShutdownDelay: durationSchema
      .refine((ms) => ms <= MAX_TIMER_DELAY_MS, TIMER_LIMIT_MESSAGE)
      .prefault(0)
      .describe(
        'After readiness turns to 503, keep serving this long before closing, so load balancers stop sending ' +
          `traffic (default 0; at most 24 days). ${DURATION_DESCRIPTION}`,
      ),
    shutdownTimeout: durationSchema
      .refine((ms) => ms <= MAX_TIMER_DELAY_MS, TIMER_LIMIT_MESSAGE)
      .prefault('30s')
      .describe(
        'How long in-flight requests may take to finish on shutdown before connections are cut ' +
          `(default '30s'; at most 24 days). ${DURATION_DESCRIPTION}`,
      ),
  })
  .prefault({})
  .describe('Startup and shutdown behaviour of the backend');

/** Everything the root HTTP router reads from config, parsed. */
export interface RootHttpRouterSettings {
  listen: ListenAddress;
  cors?: CorsConfig;
  http: z.output<typeof httpServerConfigSchema>;
  lifecycle: z.output<typeof lifecycleConfigSchema>;
}

/**
 * Reads `backend.listen`, `backend.cors`, `backend.http` and `backend.lifecycle`.
 *
 * @example
 * const settings = readRootHttpRouterSettings(config);
 * settings.listen; // { host: 'localhost', port: 7007 }
 */
export function readRootHttpRouterSettings(config: Config): RootHttpRouterSettings {
  const cors = config.read('backend.cors', corsConfigSchema);
  return Object.freeze({
    listen: config.read('backend.listen', listenConfigSchema),
    ...(cors ? { cors } : {}),
    http: config.read('backend.http', httpServerConfigSchema),
    lifecycle: config.read('backend.lifecycle', lifecycleConfigSchema),
  });
}
