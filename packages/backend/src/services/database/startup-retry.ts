import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@greenroom/backend-plugin-api';
import type { DatabaseConfig } from './database-config.js';
import { loadedPg } from './load-pg.js';

/** `backend.database.connectRetries` after parsing. */
export type RetryPolicy = DatabaseConfig['connectRetries'];

/** SQLSTATEs that mean "the server is there but cannot take us yet". */
const RETRYABLE_SQLSTATES = new Set(['57P03', '53300', '08000', '08001', '08006']);

/**
 * Whether an error means the server could not be reached (worth retrying) rather
 * than that it answered with a refusal (bad password, missing database: not worth it).
 *
 * @example
 * isUnreachable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); // true
 */
export function isUnreachable(error: unknown): boolean {
  // A server's refusal is a pg.DatabaseError, which cannot exist before pg is loaded.
  const pg = loadedPg();
  if (pg && error instanceof pg.DatabaseError) return RETRYABLE_SQLSTATES.has(error.code ?? '');
  return true;
}

/**
 * Runs `attempt` until it succeeds or fails with an error that is not about
 * reachability, waiting `initialDelayMillis`, then twice as long each time (at most
 * `maxDelayMillis`) between attempts. Logs each retry with its reason; after the last
 * attempt throws an error naming the server and the config key.
 *
 * @example
 * await withStartupRetries(() => pool.connect(), policy, { logger, server: 'db:5432', configKey: 'backend.database.connection' });
 */
export async function withStartupRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  context: { logger: Logger; server: string; configKey: string },
): Promise<T> {
  let delay = policy.initialDelayMillis;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      if (attemptNumber >= policy.attempts) {
        throw new Error(
          `Could not connect to PostgreSQL at ${context.server} after ${policy.attempts} attempts: ${reason}. Check that the server is running and reachable, and the connection settings at ${context.configKey} (retries: backend.database.connectRetries)`,
          { cause: error },
        );
      }
      context.logger.warn(
        `PostgreSQL at ${context.server} is not reachable (attempt ${attemptNumber} of ${policy.attempts}): ${reason}; retrying in ${delay} ms`,
      );
      await sleep(delay);
      delay = Math.min(delay * 2, policy.maxDelayMillis);
    }
  }
}
