import { DURATION_DESCRIPTION, durationSchema } from '@greenroom/config';
import { z } from 'zod';

/**
 * The `backend.scheduler` config block.
 *
 * @example
 * // app-config.yaml
 * // backend:
 * //   scheduler:
 * //     pollInterval: { seconds: 2 }
 * const { pollInterval } = config.read('backend.scheduler', schedulerConfigSchema);
 */
export const schedulerConfigSchema = z
  .object({
    pollInterval: durationSchema
      .prefault('1s')
      .describe(
        'How often each instance looks in the database for due global tasks (jittered by ±20%; default ' +
          "'1s'). Lower means tasks start closer to their time; each poll is one small query. " +
          DURATION_DESCRIPTION,
      ),
    abortGracePeriod: durationSchema
      .prefault('5s')
      .describe(
        'How long a task may take to stop after its signal is aborted (timeout or shutdown) before the ' +
          `scheduler stops waiting for it and frees its claim (default '5s'). ${DURATION_DESCRIPTION}`,
      ),
  })
  .prefault({})
  .describe('The task scheduler that plugins use through coreServices.scheduler.');

/** The scheduler's config in milliseconds. */
export interface SchedulerConfig {
  pollIntervalMs: number;
  abortGraceMs: number;
}

/**
 * The scheduler's settings from a parsed `backend.scheduler` block; polls at most every 10 ms.
 *
 * @example
 * schedulerConfigToMillis({ pollInterval: 2000, abortGracePeriod: 5000 }); // { pollIntervalMs: 2000, abortGraceMs: 5000 }
 */
export function schedulerConfigToMillis(config: z.output<typeof schedulerConfigSchema>): SchedulerConfig {
  return {
    pollIntervalMs: Math.max(10, config.pollInterval),
    abortGraceMs: config.abortGracePeriod,
  };
}
