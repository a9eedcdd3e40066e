import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../database/tables.js';
import type { MarkForStitch } from '../processing/processing-engine.js';
import { removeEntities } from './remove-entities.js';

/**
 * Deletes orphans — entities no provider and no parent emits any more — with their own
 * orphaned descendants, in rounds of `batchSize` (one transaction each), and queues the
 * removed refs and their relation peers for stitching. Returns how many it deleted.
 * Meant for a scheduled task when `catalog.orphanStrategy` is `delete`.
 *
 * @example
 * await deleteOrphans(db, stitcher.markForStitch);
 */
export async function deleteOrphans(
  db: Kysely<CatalogDatabase>,
  markForStitch: MarkForStitch,
  options: { batchSize?: number; maxRounds?: number } = {},
): Promise<number> {
  const { batchSize = 1_000, maxRounds = 100 } = options;
  let total = 0;
  for (let round = 0; round < maxRounds; round++) {
    const deleted = await db.transaction().execute(async (trx) => {
      const orphans = await trx
        .selectFrom('entities')
        .select('entity_ref')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('edges')
                .select('edges.id')
                .whereRef('edges.target_entity_ref', '=', 'entities.entity_ref'),
            ),
          ),
        )
        .limit(batchSize)
        .execute();
      if (orphans.length === 0) return 0;
      const touched = await removeEntities(
        trx,
        orphans.map((o) => o.entity_ref),
      );
      await markForStitch(trx, touched);
      return orphans.length;
    });
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}
