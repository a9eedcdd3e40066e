import { randomUUID } from 'node:crypto';
import type { Logger } from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import type { TestDatabaseId, TestDatabases } from '@greenroom/test-utils';
import { type Kysely, sql } from 'kysely';
import { catalogMigrations } from '../database/migrations.js';
import { insertRows } from '../database/sql-helpers.js';
import { ENTITY_ROWS, entityRow } from '../database/table-test-fixtures.js';
import type { CatalogDatabase } from '../database/tables.js';
import { EDGES, RELATIONS } from '../processing/processing-engine.js';
import { type SearchRow, searchRowFromStored } from '../search/index.js';
import { SEARCH_KEY_VALUE_INDEX } from './search-index-deferral.js';
import { Stitcher } from './stitcher.js';

export const silentLogger: Logger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

/** An entity as processing would store it, for seeding tests and benchmarks. */
export interface SeededEntity {
  entity: Entity;
  /** Null = never processed successfully. */
  processed?: Entity | null;
  errors?: { name: string; message: string }[];
  /** A provider edge points at the entity unless this is false (then it is an orphan). */
  referenced?: boolean;
  /** Relations this entity originated: `[source ref, type, target ref]`. */
  relations?: [string, string, string][];
}

export function refOf(entity: Entity): string {
  return `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase();
}

/**
 * A migrated catalog database with a {@link Stitcher} on a fake clock, and helpers that
 * write the tables processing would write. Shared by the stitching tests and benchmark.
 */
export async function createStitchTestCatalog(databases: TestDatabases, databaseId: TestDatabaseId) {
  const database = await databases.createService(databaseId, 'catalog');
  await database.migrate(catalogMigrations(database.dialect));
  const db: Kysely<CatalogDatabase> = await database.getClient<CatalogDatabase>();
  const dialect = database.dialect;
  let clock = 1_000_000;
  const now = () => clock;
  const stitcher = new Stitcher({ db, dialect, logger: silentLogger, now });

  /** Writes entities, their relations and provider edges, and queues them; returns their ids by ref. */
  const seed = async (seeded: readonly SeededEntity[]) => {
    const ids = new Map<string, string>();
    const rows = seeded.map((s) => {
      const ref = refOf(s.entity);
      const entityId = randomUUID();
      ids.set(ref, entityId);
      const processed = s.processed === undefined ? s.entity : s.processed;
      return entityRow(ref, {
        entity_id: entityId,
        location_key: 'url:https://example.com/catalog-info.yaml',
        unprocessed: JSON.stringify(s.entity),
        processed: processed === null ? null : JSON.stringify(processed),
        result_hash: 'r',
        errors: s.errors?.length ? JSON.stringify(s.errors) : null,
        updated_at: clock,
      });
    });
    await insertRows(db, dialect, ENTITY_ROWS, rows);
    const relations = seeded.flatMap((s) =>
      (s.relations ?? []).map(([source_ref, type, target_ref]) => ({
        originating_entity_id: ids.get(refOf(s.entity))!,
        source_ref,
        type,
        target_ref,
      })),
    );
    await insertRows(db, dialect, RELATIONS, relations);
    const edges = seeded
      .filter((s) => s.referenced !== false)
      .map((s) => ({
        source_key: 'provider:test',
        source_entity_ref: null,
        via: null,
        target_entity_ref: refOf(s.entity),
      }));
    await insertRows(db, dialect, EDGES, edges);
    await stitcher.markForStitch(db, [...ids.keys()]);
    return ids;
  };

  /** Stitches until the queue has nothing due; returns the summed counts. */
  const drain = async (limit = 200) => {
    const total = {
      claimed: 0,
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: 0,
      skipped: 0,
      failed: 0,
      requeued: 0,
    };
    for (;;) {
      const result = await stitcher.stitchBatch({ limit });
      for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += result[key];
      if (result.claimed === 0) return total;
    }
  };

  const final = async (ref: string) => {
    const row = await db
      .selectFrom('final_entities')
      .selectAll()
      .where('entity_ref', '=', ref)
      .executeTakeFirst();
    return row
      ? { ...row, entity: JSON.parse(row.final) as Entity, updated_at: Number(row.updated_at) }
      : undefined;
  };

  const searchRows = async (entityId: string): Promise<SearchRow[]> => {
    const rows = await db
      .selectFrom('search')
      .innerJoin('final_entities', 'final_entities.id', 'search.final_id')
      .select(['search.key', 'search.value', 'search.original_value'])
      .where('final_entities.entity_id', '=', entityId)
      .execute();
    return sortRows(rows.map(searchRowFromStored));
  };

  const history = async (ref: string) =>
    (
      await db.selectFrom('entity_history').selectAll().where('entity_ref', '=', ref).orderBy('id').execute()
    ).map((row) => ({ ...row, at: Number(row.at), diff: row.diff === null ? null : JSON.parse(row.diff) }));

  const queue = async () =>
    (await db.selectFrom('stitch_queue').selectAll().orderBy('entity_ref').execute()).map((row) => ({
      ...row,
      next_stitch_at: Number(row.next_stitch_at),
    }));

  return {
    db,
    dialect,
    stitcher,
    seed,
    drain,
    final,
    searchRows,
    history,
    queue,
    now,
    tick: (ms: number) => (clock += ms),
  };
}

export function sortRows(rows: SearchRow[]): SearchRow[] {
  const text = (row: SearchRow) => `${row.key}\u0000${row.value ?? ''}\u0000${row.originalValue ?? ''}`;
  return [...rows].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/** Whether `search(key, value, final_id, original_value)` exists (a bulk load drops it for a while). */
export async function searchIndexExists(db: Kysely<CatalogDatabase>, dialect: string): Promise<boolean> {
  const { rows } =
    dialect === 'postgres'
      ? await sql<{
          n: string;
        }>`select count(*) as n from pg_indexes where indexname = ${SEARCH_KEY_VALUE_INDEX} and schemaname = current_schema()`.execute(
          db,
        )
      : await sql<{
          n: number;
        }>`select count(*) as n from sqlite_master where type = 'index' and name = ${SEARCH_KEY_VALUE_INDEX}`.execute(
          db,
        );
  return Number(rows[0]?.n) === 1;
}

/** The refs whose search rows say `spec.owner` is `owner`, sorted: a filter read, with or without the index. */
export async function refsOwnedBy(db: Kysely<CatalogDatabase>, owner: string): Promise<string[]> {
  const rows = await db
    .selectFrom('search')
    .innerJoin('final_entities', 'final_entities.id', 'search.final_id')
    .select('final_entities.entity_ref')
    .where('search.key', '=', 'spec.owner')
    .where('search.value', '=', owner)
    .orderBy('final_entities.entity_ref')
    .execute();
  return rows.map((row) => row.entity_ref);
}
