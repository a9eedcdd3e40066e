import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import type { Kysely } from 'kysely';
import { forEachChunk, inChunks, inList, insertRows } from '../database/sql-helpers.js';
import type { CatalogDatabase } from '../database/tables.js';

const QUEUE = {
  table: 'stitch_queue',
  columns: { entity_ref: 'text', next_stitch_at: 'bigint', ticket: 'text' },
} as const;

/**
 * Queues refs for stitching now, clearing any claim on them: a stitch in flight for one
 * of them will not remove it from the queue, so the change is stitched again. A ref that
 * is already due and unclaimed keeps its row (and its place in the queue). Runs on
 * whatever `db` is — pass the transaction that wrote the change, so a rollback drops
 * the mark too. Refs are written sorted, which keeps PostgreSQL's lock order stable.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await trx.updateTable('entities').set({ processed }).where('entity_ref', '=', ref).execute();
 *   await markRefsForStitch(trx, 'postgres', [ref], Date.now());
 * });
 */
export async function markRefsForStitch(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  refs: Iterable<string>,
  now: number,
): Promise<void> {
  const sorted = [...new Set(refs)].sort();
  if (sorted.length === 0) return;
  await insertRows(
    db,
    dialect,
    QUEUE,
    sorted.map((entity_ref) => ({ entity_ref, next_stitch_at: now, ticket: null })),
    {
      columns: ['entity_ref'],
      update: ['next_stitch_at', 'ticket'],
      // A ref already due and unclaimed is left as it is: it will be stitched from what is
      // stored then, and not rewriting its row spares a write per ref (most refs of a bulk
      // load are marked by every batch that adds a relation to them).
      where: 'stitch_queue.ticket is not null or stitch_queue.next_stitch_at > excluded.next_stitch_at',
    },
  );
}

/**
 * Claims up to `limit` due refs under `ticket`, pushing their `next_stitch_at` to
 * `claimUntil` so that nobody else takes them until then (a crashed stitcher's claims
 * expire). PostgreSQL: `for update skip locked`, so concurrent stitchers never claim the
 * same row; SQLite: one conditional update (a single writer).
 *
 * @example
 * const refs = await claimDueRefs(db, dialect, { limit: 200, ticket: randomUUID(), now, claimUntil: now + 60_000 });
 */
export async function claimDueRefs(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  options: { limit: number; ticket: string; now: number; claimUntil: number },
): Promise<string[]> {
  const due = db
    .selectFrom('stitch_queue')
    .select('entity_ref')
    .where('next_stitch_at', '<=', options.now)
    .orderBy('next_stitch_at')
    .orderBy('entity_ref')
    .limit(options.limit);
  const claimable = dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
  const rows = await db
    .updateTable('stitch_queue')
    .set({ ticket: options.ticket, next_stitch_at: options.claimUntil })
    .where('entity_ref', 'in', claimable)
    .returning('entity_ref')
    .execute();
  return rows.map((row) => row.entity_ref).sort();
}

/**
 * The refs among `refs` still claimed by `ticket`; on PostgreSQL their rows are locked
 * until the transaction ends, so a concurrent re-mark waits for the stitch to commit
 * and then queues the ref again. Call inside the write transaction.
 *
 * @example
 * const owned = await lockOwnedRefs(trx, dialect, refs, ticket);
 */
export async function lockOwnedRefs(
  trx: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  refs: readonly string[],
  ticket: string,
): Promise<Set<string>> {
  const rows = await inChunks(dialect, refs, (chunk) => {
    const query = trx
      .selectFrom('stitch_queue')
      .select('entity_ref')
      .where(inList(dialect, 'entity_ref', chunk))
      .where('ticket', '=', ticket)
      .orderBy('entity_ref');
    return (dialect === 'postgres' ? query.forUpdate() : query).execute();
  });
  return new Set(rows.map((row) => row.entity_ref));
}

/**
 * Removes the queue rows of `refs` that `ticket` still holds; rows re-marked meanwhile
 * (ticket cleared or taken over) stay queued.
 *
 * @example
 * await releaseFinishedRefs(trx, dialect, [...owned], ticket);
 */
export async function releaseFinishedRefs(
  trx: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  refs: readonly string[],
  ticket: string,
): Promise<void> {
  await forEachChunk(dialect, refs, (chunk) =>
    trx
      .deleteFrom('stitch_queue')
      .where(inList(dialect, 'entity_ref', chunk))
      .where('ticket', '=', ticket)
      .execute(),
  );
}

/**
 * Makes a failed batch's claims due again after `retryAt` instead of after the claim
 * timeout. Best effort: a failure here only delays the retry.
 *
 * @example
 * await retryClaims(db, ticket, Date.now() + 1_000);
 */
export async function retryClaims(
  db: Kysely<CatalogDatabase>,
  ticket: string,
  retryAt: number,
): Promise<void> {
  await db
    .updateTable('stitch_queue')
    .set({ next_stitch_at: retryAt })
    .where('ticket', '=', ticket)
    .where('next_stitch_at', '>', retryAt)
    .execute();
}
