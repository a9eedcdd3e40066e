import { randomUUID } from 'node:crypto';
import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { sql, type Transaction } from 'kysely';
import { inChunks, inList } from './sql-helpers.js';
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

/** Rows per statement: one array (PostgreSQL) or JSON (SQLite) parameter per column or statement. */
const CHUNK = 5_000;

/**
 * Inserts new entities and updates changed ones, making both due for processing now.
 * An unchanged entity (same hash) is not touched, and a ref already claimed by another
 * location key is left to that source (the first claimant keeps it) and returned as a
 * conflict. Rows go in chunks of a few thousand with a fixed number of bind variables
 * (PostgreSQL `unnest` arrays, SQLite one JSON parameter), so any number of entities
 * stays under the databases' limits.
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
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK);
    const source =
      dialect === 'postgres'
        ? sql`select u.id, u.ref, u.key, u.json, u.hash from unnest(
            ${chunk.map(() => randomUUID())}::text[], ${chunk.map((r) => r.ref)}::text[],
            ${chunk.map((r) => r.locationKey)}::text[], ${chunk.map((r) => r.json)}::text[],
            ${chunk.map((r) => r.hash)}::text[]) as u(id, ref, key, json, hash)`
        : sql`select j.value ->> 0 as id, j.value ->> 1 as ref, j.value ->> 2 as key, j.value ->> 3 as json,
            j.value ->> 4 as hash from json_each(${JSON.stringify(
              chunk.map((r) => [randomUUID(), r.ref, r.locationKey, r.json, r.hash]),
            )}) as j where true`;
    await sql`insert into entities (entity_id, entity_ref, location_key, unprocessed, unprocessed_hash,
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
        and (entities.location_key is null or entities.location_key = excluded.location_key)`.execute(trx);
    const keyed = chunk.filter((row) => row.locationKey !== null);
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
