import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { forEachChunk, inChunks, inList } from '../database/sql-helpers.js';
import type { CatalogDatabase } from '../database/tables.js';
import type { MarkForStitch } from '../processing/processing-engine.js';
import { removeEntities } from './remove-entities.js';

/** Options of {@link deleteOrphans}. */
export interface DeleteOrphansOptions {
  /**
   * `candidates` (the default) checks only the targets of edges deleted since the last
   * pass (`orphan_candidates`, filled by a trigger on `edges`); `full` checks every
   * entity and leaves the candidates for the next pass.
   */
  scope?: 'candidates' | 'full';
  /** Refs checked per transaction. */
  batchSize?: number;
  /** Transactions per call at most; the rest waits for the next call. */
  maxRounds?: number;
}

/**
 * Deletes orphans — entities no provider and no parent emits any more — with their own
 * orphaned descendants, in rounds of `batchSize` (one transaction each), and queues the
 * removed refs and their relation peers for stitching. Returns how many it deleted.
 * Meant for a scheduled task when `catalog.orphanStrategy` is `delete`: a full pass
 * once, then passes over the candidates, whose cost follows what changed rather than
 * the catalog's size.
 *
 * @example
 * await deleteOrphans(db, 'sqlite', stitcher.markForStitch, { scope: 'full' });
 * await deleteOrphans(db, 'sqlite', stitcher.markForStitch);
 */
export async function deleteOrphans(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  markForStitch: MarkForStitch,
  options: DeleteOrphansOptions = {},
): Promise<number> {
  const { scope = 'candidates', batchSize = 1_000, maxRounds = 100 } = options;
  let total = 0;
  for (let round = 0; round < maxRounds; round++) {
    const { checked, deleted } = await db
      .transaction()
      .execute((trx) =>
        scope === 'full'
          ? deleteFromAll(trx, markForStitch, batchSize)
          : deleteFromCandidates(trx, dialect, markForStitch, batchSize),
      );
    total += deleted;
    if (checked < batchSize) break;
  }
  return total;
}

/** No edge points at the entity: no provider and no parent emits it. */
const unreferenced = ({ not, exists, selectFrom }: ExpressionBuilder<CatalogDatabase, 'entities'>) =>
  not(
    exists(
      selectFrom('edges').select('edges.id').whereRef('edges.target_entity_ref', '=', 'entities.entity_ref'),
    ),
  );

/** Up to `batchSize` orphans among all entities. */
async function deleteFromAll(
  trx: Transaction<CatalogDatabase>,
  markForStitch: MarkForStitch,
  batchSize: number,
): Promise<{ checked: number; deleted: number }> {
  const orphans = await trx
    .selectFrom('entities')
    .select('entity_ref')
    .where(unreferenced)
    .limit(batchSize)
    .execute();
  const deleted = await remove(
    trx,
    markForStitch,
    orphans.map((o) => o.entity_ref),
  );
  return { checked: deleted, deleted };
}

/**
 * The oldest `batchSize` candidates: the orphans among them go, and the candidates are
 * consumed. Removing an orphan deletes its own edges, which makes its children the
 * candidates of a later round. On PostgreSQL another instance's pass skips the rows
 * this one holds.
 */
async function deleteFromCandidates(
  trx: Transaction<CatalogDatabase>,
  dialect: DatabaseDialect,
  markForStitch: MarkForStitch,
  batchSize: number,
): Promise<{ checked: number; deleted: number }> {
  let query = trx.selectFrom('orphan_candidates').select(['id', 'entity_ref']).orderBy('id').limit(batchSize);
  if (dialect === 'postgres') query = query.forUpdate().skipLocked();
  const candidates = await query.execute();
  if (candidates.length === 0) return { checked: 0, deleted: 0 };
  const refs = [...new Set(candidates.map((c) => c.entity_ref))];
  const orphans = await inChunks(dialect, refs, (chunk) =>
    trx
      .selectFrom('entities')
      .select('entity_ref')
      .where(inList(dialect, 'entity_ref', chunk))
      .where(unreferenced)
      .execute(),
  );
  await forEachChunk(
    dialect,
    candidates.map((c) => c.id),
    (ids) =>
      trx
        .deleteFrom('orphan_candidates')
        .where(inList(dialect, 'id', ids, 'integer'))
        .execute(),
  );
  const deleted = await remove(
    trx,
    markForStitch,
    orphans.map((o) => o.entity_ref),
  );
  return { checked: candidates.length, deleted };
}

async function remove(
  trx: Transaction<CatalogDatabase>,
  markForStitch: MarkForStitch,
  refs: string[],
): Promise<number> {
  if (refs.length === 0) return 0;
  await markForStitch(trx, await removeEntities(trx, refs));
  return refs.length;
}

/**
 * Drops every orphan candidate recorded so far, for `catalog.orphanStrategy: keep`,
 * where nothing consumes them. Candidates recorded meanwhile stay for the next call.
 *
 * @example
 * await clearOrphanCandidates(db);
 */
export async function clearOrphanCandidates(db: Kysely<CatalogDatabase>): Promise<void> {
  const newest = await db
    .selectFrom('orphan_candidates')
    .select(({ fn }) => fn.max('id').as('id'))
    .executeTakeFirst();
  if (newest?.id != null) await db.deleteFrom('orphan_candidates').where('id', '<=', newest.id).execute();
}
