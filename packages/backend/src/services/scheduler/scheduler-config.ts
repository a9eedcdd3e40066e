import { z } from 'zod';
import { durationToMillis, humanDurationSchema } from './duration.js';

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
    pollInterval: humanDurationSchema
      .default('PT1S')
      .describe(
        'How often each instance looks in the database for due global tasks (jittered by ±20%), ' +
          "as { seconds: 1 } or 'PT1S'. Lower means tasks start closer to their time; each poll is one small query.",
      ),
    abortGracePeriod: humanDurationSchema
      .default('PT5S')
      .describe(
        "How long a task may take to stop after its signal is aborted (timeout or shutdown) before the scheduler stops waiting for it and frees its claim, as { seconds: 5 } or 'PT5S'.",
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
 * Converts a parsed `backend.scheduler` block to milliseconds.
 *
 * @example
 * schedulerConfigToMillis({ pollInterval: 'PT2S', abortGracePeriod: { seconds: 5 } }); // { pollIntervalMs: 2000, abortGraceMs: 5000 }
 */
export function schedulerConfigToMillis(config: z.output<typeof schedulerConfigSchema>): SchedulerConfig {
  return {
    pollIntervalMs: Math.max(10, durationToMillis(config.pollInterval)),
    abortGraceMs: durationToMillis(config.abortGracePeriod),
  };
}
