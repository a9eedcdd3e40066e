import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../database/tables.js';

/** Options of {@link pruneHistory}. */
export interface PruneHistoryOptions {
  /** Entries older than this many milliseconds are deleted. */
  maxAge: number;
  /** Rows deleted per statement, so a large backlog never holds one long lock (default 5,000). */
  batchSize?: number;
  now?: number;
}

/**
 * Deletes `entity_history` entries older than `maxAge` milliseconds, in batches, and
 * returns how many went. Meant for a scheduled task.
 *
 * @example
 * const removed = await pruneHistory(db, { maxAge: 90 * 24 * 60 * 60 * 1000 });
 */
export async function pruneHistory(
  db: Kysely<CatalogDatabase>,
  options: PruneHistoryOptions,
): Promise<number> {
  if (!Number.isFinite(options.maxAge) || options.maxAge < 0) {
    throw new RangeError(
      `pruneHistory: maxAge must be a non-negative number of milliseconds, got ${options.maxAge}`,
    );
  }
  const cutoff = (options.now ?? Date.now()) - options.maxAge;
  const batchSize = options.batchSize ?? 5_000;
  let total = 0;
  for (;;) {
    const result = await db
      .deleteFrom('entity_history')
      .where(
        'id',
        'in',
        db.selectFrom('entity_history').select('id').where('at', '<', cutoff).orderBy('id').limit(batchSize),
      )
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
