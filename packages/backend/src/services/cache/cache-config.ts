import { DURATION_DESCRIPTION, durationSchema } from '@greenroom/config';
import { z } from 'zod';

/**
 * The `backend.cache` config block.
 *
 * @example
 * // app-config.yaml
 * // backend:
 * //   cache:
 * //     store: redis
 * //     connection: redis://:${REDIS_PASSWORD}@redis.internal:6379
 * //     defaultTtl: { minutes: 10 }
 */
export const cacheConfigSchema = z
  .object({
    store: z
      .enum(['memory', 'redis'])
      .default('memory')
      .describe(
        'Where cached values live: memory (one process, lost on restart) or redis (shared by all instances).',
      ),
    connection: z
      .string()
      .regex(/^rediss?:\/\//, "use a Redis URL such as 'redis://localhost:6379' or 'rediss://…' for TLS")
      .optional()
      .meta({ visibility: 'secret' })
      .describe(
        'The Redis URL, with the password if any, e.g. redis://:password@localhost:6379. Needed for store: redis.',
      ),
    defaultTtl: durationSchema
      .refine((ms) => ms > 0, 'the default TTL must be longer than 0')
      .prefault('1h')
      .describe(`How long values live unless set with another TTL (default '1h'). ${DURATION_DESCRIPTION}`),
    redis: z
      .object({
        keyPrefix: z
          .string()
          .max(100)
          .default('greenroom:')
          .describe("Prefix of every key, before '<pluginId>:'. Lets several portals share one Redis."),
      })
      .prefault({})
      .describe('Options of the Redis store.'),
    memory: z
      .object({
        maxEntries: z
          .number()
          .int()
          .positive()
          .default(10_000)
          .describe('The most values kept; the least recently used are dropped beyond it.'),
      })
      .prefault({})
      .describe('Options of the memory store.'),
  })
  .prefault({})
  .superRefine((config, ctx) => {
    if (config.store === 'redis' && !config.connection) {
      ctx.addIssue({
        code: 'custom',
        path: ['connection'],
        message:
          "backend.cache.connection is required when backend.cache.store is 'redis'; set it to a Redis URL",
      });
    }
  })
  .describe('The cache plugins use through coreServices.cache.');

export type CacheConfig = z.output<typeof cacheConfigSchema>;
