import { type DatabaseDialect, postgresArray } from '@greenroom/backend-plugin-api';
import { sql, type Transaction } from 'kysely';
import { uuidV7 } from '../shared/uuid-v7.js';
import { inChunks, inList, SQLITE_MAX_VARIABLES } from './sql-helpers.js';
import type { CatalogDatabase } from './tables.js';

/** An entity as a provider or a parent emitted it, ready to store. */
export interface UnprocessedRow {
  ref: string;
  /** The entity as JSON. */
  json: string;
  /** Stable hash of the entity, for change detection. */
  hash: string;
  /** Conflict key (reference §3.7). */
  locationKey: string | null;
}

/** Rows per PostgreSQL statement: one array parameter per column. */
const POSTGRES_CHUNK = 5_000;
/**
 * Rows per SQLite statement: five bind variables a row plus three for `now`, under
 * SQLITE_MAX_VARIABLES. Bound values rather than one JSON parameter: each entity's JSON
 * would be escaped into the parameter and unescaped by SQLite again, which made the
 * insert nearly twice as slow.
 */
const SQLITE_CHUNK = Math.floor((SQLITE_MAX_VARIABLES - 3) / 5);

/**
 * Inserts new entities and updates changed ones, making both due for processing now.
 * An unchanged entity (same hash) is not touched, and a ref already claimed by another
 * location key is left to that source (the first claimant keeps it) and returned as a
 * conflict. Rows go in chunks under the databases' bind-variable limits (PostgreSQL
 * `unnest` arrays, a fixed handful per 5,000 rows; SQLite a `values` list of a few
 * hundred rows), so any number of entities fits.
 *
 * @example
 * await upsertUnprocessed(trx, dialect, [{ ref, json, hash, locationKey: 'url:https://…/catalog-info.yaml' }], Date.now());
 */
export async function upsertUnprocessed(
  trx: Transaction<CatalogDatabase>,
  dialect: DatabaseDialect,
  rows: readonly UnprocessedRow[],
  now: number,
): Promise<UnprocessedConflict[]> {
  const conflicts: UnprocessedConflict[] = [];
  // One lock order for every writer (providers, processing of other instances): fewer deadlocks.
  const sorted = [...rows].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const chunkSize = dialect === 'postgres' ? POSTGRES_CHUNK : SQLITE_CHUNK;
  for (let i = 0; i < sorted.length; i += chunkSize) {
    const chunk = sorted.slice(i, i + chunkSize);
    const source =
      dialect === 'postgres'
        ? sql`select u.id, u.ref, u.key, u.json, u.hash from unnest(
            ${postgresArray(chunk.map(() => uuidV7()))}::text[], ${postgresArray(chunk.map((r) => r.ref))}::text[],
            ${postgresArray(chunk.map((r) => r.locationKey))}::text[], ${postgresArray(chunk.map((r) => r.json))}::text[],
            ${postgresArray(chunk.map((r) => r.hash))}::text[]) as u(id, ref, key, json, hash)`
        : sql`select column1 as id, column2 as ref, column3 as key, column4 as json, column5 as hash
            from (values ${sql.join(
              chunk.map((r) => sql`(${uuidV7()}, ${r.ref}, ${r.locationKey}, ${r.json}, ${r.hash})`),
            )})`;
    const { rows: written } = await sql<{
      entity_ref: string;
    }>`insert into entities (entity_id, entity_ref, location_key, unprocessed, unprocessed_hash,
        processed, result_hash, errors, cache, next_update_at, claimed_until, updated_at)
      select s.id, s.ref, s.key, s.json, s.hash, null, null, null, null, ${now}, null, ${now}
      from (${source}) as s where true
      on conflict (entity_ref) do update set
        unprocessed = excluded.unprocessed,
        unprocessed_hash = excluded.unprocessed_hash,
        location_key = excluded.location_key,
        next_update_at = ${now},
        updated_at = ${now}
      where entities.unprocessed_hash <> excluded.unprocessed_hash
        and (entities.location_key is null or entities.location_key = excluded.location_key)
      returning entity_ref`.execute(trx);
    // A row inserted or updated now holds the row's own key: only the others (unchanged, or
    // refused) can conflict, so a first ingest reads nothing back.
    const done = new Set(written.map((row) => row.entity_ref));
    const keyed = chunk.filter((row) => row.locationKey !== null && !done.has(row.ref));
    if (keyed.length === 0) continue;
    const stored = await inChunks(
      dialect,
      keyed.map((row) => row.ref),
      (refs) =>
        trx
          .selectFrom('entities')
          .select(['entity_ref', 'location_key'])
          .where(inList(dialect, 'entity_ref', refs))
          .execute(),
    );
    const keys = new Map(stored.map((row) => [row.entity_ref, row.location_key]));
    for (const row of keyed) {
      const existingKey = keys.get(row.ref);
      if (existingKey && existingKey !== row.locationKey) {
        conflicts.push({ ref: row.ref, existingKey, newKey: row.locationKey! });
      }
    }
  }
  return conflicts;
}

/** A ref that another source claimed first: the write was refused. */
export interface UnprocessedConflict {
  ref: string;
  existingKey: string;
  newKey: string;
}
