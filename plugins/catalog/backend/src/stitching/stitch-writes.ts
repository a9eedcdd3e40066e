import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import type { Kysely } from 'kysely';
import {
  deleteRows,
  forEachChunk,
  inList,
  insertRows,
  insertRowsReturning,
  type TableRowsSpec,
} from '../database/sql-helpers.js';
import type { CatalogDatabase } from '../database/tables.js';
import { storedOriginalValue } from '../search/index.js';
import type { StitchPlan, StitchWrite } from './stitch-plan.js';

const FINALS: TableRowsSpec = {
  table: 'final_entities',
  columns: { entity_id: 'text', entity_ref: 'text', final: 'text', hash: 'text', updated_at: 'bigint' },
};
const SEARCH: TableRowsSpec = {
  table: 'search',
  columns: { final_id: 'integer', key: 'text', value: 'text', original_value: 'text' },
};
const SEARCH_MATCH: TableRowsSpec = {
  table: 'search',
  columns: { final_id: 'integer', key: 'text', value: 'text' },
  nullable: ['value'],
};
const HISTORY: TableRowsSpec = {
  table: 'entity_history',
  columns: {
    entity_ref: 'text',
    entity_id: 'text',
    at: 'bigint',
    change: 'text',
    source: 'text',
    diff: 'text',
  },
};

/** The refs whose final form a write changed. */
export interface WrittenRefs {
  created: string[];
  updated: string[];
  deleted: string[];
}

/**
 * Writes the part of a plan whose refs are in `owned`, inside the caller's transaction:
 * removes the finals and search rows of deleted entities, upserts changed finals, applies
 * their search-row differences, and appends one history row per change. Every table is
 * written with a handful of multi-row statements, whatever the batch size. New search
 * rows go in the order of the (key, value) index, unless a bulk load dropped that index
 * (`keyValueIndexDeferred`).
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   const owned = await lockOwnedRefs(trx, dialect, refs, ticket);
 *   return writeStitchPlan(trx, dialect, plan, owned, Date.now());
 * });
 */
export async function writeStitchPlan(
  trx: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  plan: StitchPlan,
  owned: ReadonlySet<string>,
  now: number,
  options: { keyValueIndexDeferred?: boolean } = {},
): Promise<WrittenRefs> {
  const deletes = plan.deletes.filter((d) => owned.has(d.ref));
  const writes = plan.writes.filter((w) => owned.has(w.ref));
  const deletedIds = deletes.map((d) => d.finalId);
  await forEachChunk(dialect, deletedIds, async (chunk) => {
    await trx
      .deleteFrom('search')
      .where(inList(dialect, 'final_id', chunk, 'integer'))
      .execute();
    await trx
      .deleteFrom('final_entities')
      .where(inList(dialect, 'id', chunk, 'integer'))
      .execute();
  });

  const stored = await insertRowsReturning<{ id: number; entity_id: string }>(
    trx,
    dialect,
    FINALS,
    writes.map((w) => ({
      entity_id: w.entityId,
      entity_ref: w.ref,
      final: w.final.json,
      hash: w.final.hash,
      updated_at: now,
    })),
    { columns: ['entity_id'], update: ['entity_ref', 'final', 'hash', 'updated_at'] },
    ['id', 'entity_id'],
  );
  const finalIds = new Map(stored.map((row) => [row.entity_id, Number(row.id)]));
  const finalIdOf = (w: StitchWrite) => (w.change === 'updated' ? w.finalId : finalIds.get(w.entityId)!);
  await deleteRows(
    trx,
    dialect,
    SEARCH_MATCH,
    writes.flatMap((w) =>
      w.searchDeletes.map((r) => ({ final_id: finalIdOf(w), key: r.key, value: r.value })),
    ),
  );
  await insertRows(
    trx,
    dialect,
    SEARCH,
    options.keyValueIndexDeferred
      ? searchRowsInWriteOrder(writes, finalIdOf)
      : inKeyValueOrder(searchRowsInWriteOrder(writes, finalIdOf)),
  );

  await insertRows(trx, dialect, HISTORY, [
    ...deletes.map((d) => ({
      entity_ref: d.ref,
      entity_id: d.entityId,
      at: now,
      change: 'deleted',
      source: null,
      diff: null,
    })),
    ...writes.map((w) => ({
      entity_ref: w.ref,
      entity_id: w.entityId,
      at: now,
      change: w.change,
      source: w.source,
      diff: w.diff,
    })),
  ]);

  return {
    created: writes.filter((w) => w.change === 'created').map((w) => w.ref),
    updated: writes.filter((w) => w.change === 'updated').map((w) => w.ref),
    deleted: deletes.map((d) => d.ref),
  };
}

type StoredSearchRow = {
  final_id: number;
  key: string;
  value: string | null;
  original_value: string | null;
};

/** The search rows of `writes` as they come: final by final. */
function searchRowsInWriteOrder(
  writes: readonly StitchWrite[],
  finalIdOf: (write: StitchWrite) => number,
): StoredSearchRow[] {
  const rows: StoredSearchRow[] = [];
  for (const write of writes) {
    const final_id = finalIdOf(write);
    for (const { key, value, originalValue } of write.searchInserts) {
      rows.push({ final_id, key, value, original_value: storedOriginalValue({ value, originalValue }) });
    }
  }
  return rows;
}

/**
 * `rows` in the order of the (key, value, final_id) index: neighbouring inserts land on
 * the same index pages, so a large batch dirties (and writes) far fewer pages. Grouped by
 * key first: a batch has few distinct keys, so most comparisons are between values only.
 */
function inKeyValueOrder(rows: readonly StoredSearchRow[]): StoredSearchRow[] {
  const byKey = new Map<string, StoredSearchRow[]>();
  for (const row of rows) {
    const group = byKey.get(row.key);
    if (group) group.push(row);
    else byKey.set(row.key, [row]);
  }
  const ordered: StoredSearchRow[] = [];
  for (const key of [...byKey.keys()].sort()) {
    const group = byKey.get(key)!;
    group.sort((a, b) => compareText(a.value, b.value) || a.final_id - b.final_id);
    for (const row of group) ordered.push(row);
  }
  return ordered;
}

function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
