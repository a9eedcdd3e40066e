import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
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

const CHUNK = 500;

/**
 * Inserts new entities and updates changed ones, making both due for processing now.
 * An unchanged entity (same hash) is not touched, and a ref already claimed by another
 * location key is left to that source (the first claimant keeps it) and returned as a
 * conflict. Rows go in chunks,
 * so any number of entities stays under the databases' bind-variable limits.
 *
 * @example
 * await upsertUnprocessed(trx, [{ ref, json, hash, locationKey: 'url:https://…/catalog-info.yaml' }], Date.now());
 */
export async function upsertUnprocessed(
  trx: Transaction<CatalogDatabase>,
  rows: readonly UnprocessedRow[],
  now: number,
): Promise<UnprocessedConflict[]> {
  const conflicts: UnprocessedConflict[] = [];
  // One lock order for every writer (providers, processing of other instances): fewer deadlocks.
  const sorted = [...rows].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK);
    await trx
      .insertInto('entities')
      .values(
        chunk.map((row) => ({
          entity_id: randomUUID(),
          entity_ref: row.ref,
          location_key: row.locationKey,
          unprocessed: row.json,
          unprocessed_hash: row.hash,
          processed: null,
          result_hash: null,
          errors: null,
          cache: null,
          next_update_at: now,
          claimed_until: null,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc
          .column('entity_ref')
          .doUpdateSet({
            unprocessed: (eb) => eb.ref('excluded.unprocessed'),
            unprocessed_hash: (eb) => eb.ref('excluded.unprocessed_hash'),
            location_key: (eb) => eb.ref('excluded.location_key'),
            next_update_at: now,
            updated_at: now,
          })
          .where(sql<boolean>`entities.unprocessed_hash <> excluded.unprocessed_hash`)
          .where(
            sql<boolean>`(entities.location_key is null or entities.location_key = excluded.location_key)`,
          ),
      )
      .execute();
    const keyed = chunk.filter((row) => row.locationKey !== null);
    if (keyed.length === 0) continue;
    const stored = await trx
      .selectFrom('entities')
      .select(['entity_ref', 'location_key'])
      .where(
        'entity_ref',
        'in',
        keyed.map((row) => row.ref),
      )
      .execute();
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
