import type { DatabaseDialect, Migration } from '@greenroom/backend-plugin-api';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The catalog's schema (see docs/decisions/0002-catalog-engine.md). JSON is stored as
 * text on both engines: final entities are streamed into responses as stored, and
 * text avoids a parse/serialise round trip through `jsonb`.
 *
 * @example
 * await database.migrate(catalogMigrations(database.dialect));
 */
export function catalogMigrations(dialect: DatabaseDialect): Record<string, Migration> {
  const bigint = 'bigint' as const;
  const serialId = (db: Kysely<any>, table: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (col) =>
        dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
      );
  return {
    '20261124_001_catalog': {
      async up(db) {
        await db.schema
          .createTable('locations')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('type', 'text', (col) => col.notNull())
          .addColumn('target', 'text', (col) => col.notNull())
          .addColumn('location_entity_ref', 'text', (col) => col.notNull())
          .addColumn('created_at', bigint, (col) => col.notNull())
          .addUniqueConstraint('locations_type_target_unique', ['type', 'target'])
          .execute();

        await db.schema
          .createTable('entities')
          .addColumn('entity_id', 'text', (col) => col.primaryKey())
          .addColumn('entity_ref', 'text', (col) => col.notNull().unique())
          .addColumn('location_key', 'text')
          .addColumn('unprocessed', 'text', (col) => col.notNull())
          .addColumn('unprocessed_hash', 'text', (col) => col.notNull())
          .addColumn('processed', 'text')
          .addColumn('result_hash', 'text')
          .addColumn('errors', 'text')
          .addColumn('cache', 'text')
          .addColumn('next_update_at', bigint)
          .addColumn('claimed_until', bigint)
          .addColumn('updated_at', bigint, (col) => col.notNull())
          .execute();
        await db.schema
          .createIndex('entities_next_update_at_idx')
          .on('entities')
          .column('next_update_at')
          .execute();

        await serialId(db, 'edges')
          .addColumn('source_key', 'text')
          .addColumn('source_entity_ref', 'text')
          .addColumn('via', 'text')
          .addColumn('target_entity_ref', 'text', (col) => col.notNull())
          .execute();
        await db.schema.createIndex('edges_source_key_idx').on('edges').column('source_key').execute();
        await db.schema
          .createIndex('edges_source_entity_ref_idx')
          .on('edges')
          .columns(['source_entity_ref', 'via'])
          .execute();
        await db.schema
          .createIndex('edges_target_entity_ref_idx')
          .on('edges')
          .column('target_entity_ref')
          .execute();

        await db.schema
          .createTable('relations')
          .addColumn('originating_entity_id', 'text', (col) => col.notNull())
          .addColumn('source_ref', 'text', (col) => col.notNull())
          .addColumn('type', 'text', (col) => col.notNull())
          .addColumn('target_ref', 'text', (col) => col.notNull())
          .execute();
        await db.schema
          .createIndex('relations_originating_idx')
          .on('relations')
          .column('originating_entity_id')
          .execute();
        await db.schema
          .createIndex('relations_source_ref_idx')
          .on('relations')
          .columns(['source_ref', 'type'])
          .execute();
        await db.schema
          .createIndex('relations_target_ref_idx')
          .on('relations')
          .column('target_ref')
          .execute();

        await db.schema
          .createTable('final_entities')
          .addColumn('entity_id', 'text', (col) => col.primaryKey())
          .addColumn('entity_ref', 'text', (col) => col.notNull().unique())
          .addColumn('final', 'text', (col) => col.notNull())
          .addColumn('hash', 'text', (col) => col.notNull())
          .addColumn('updated_at', bigint, (col) => col.notNull())
          .execute();

        await db.schema
          .createTable('search')
          .addColumn('entity_id', 'text', (col) => col.notNull())
          .addColumn('key', 'text', (col) => col.notNull())
          .addColumn('value', 'text')
          .addColumn('original_value', 'text')
          .execute();
        // Filters, sort walks and counts read (key, value, entity_id); facets read
        // original_value too, so the whole read side runs on index-only scans.
        await db.schema
          .createIndex('search_key_value_entity_idx')
          .on('search')
          .columns(['key', 'value', 'entity_id', 'original_value'])
          .execute();
        // One seek answers "does entity E have key K (with value V)" (per-row filter tests).
        await db.schema
          .createIndex('search_entity_idx')
          .on('search')
          .columns(['entity_id', 'key', 'value'])
          .execute();

        await db.schema
          .createTable('stitch_queue')
          .addColumn('entity_ref', 'text', (col) => col.primaryKey())
          .addColumn('next_stitch_at', bigint, (col) => col.notNull())
          .addColumn('ticket', 'text')
          .execute();
        await db.schema
          .createIndex('stitch_queue_next_stitch_at_idx')
          .on('stitch_queue')
          .column('next_stitch_at')
          .execute();

        await db.schema
          .createTable('refresh_keys')
          .addColumn('entity_id', 'text', (col) => col.notNull())
          .addColumn('key', 'text', (col) => col.notNull())
          .execute();
        await db.schema.createIndex('refresh_keys_key_idx').on('refresh_keys').column('key').execute();
        await db.schema
          .createIndex('refresh_keys_entity_idx')
          .on('refresh_keys')
          .column('entity_id')
          .execute();

        await serialId(db, 'entity_history')
          .addColumn('entity_ref', 'text', (col) => col.notNull())
          .addColumn('entity_id', 'text', (col) => col.notNull())
          .addColumn('at', bigint, (col) => col.notNull())
          .addColumn('change', 'text', (col) => col.notNull())
          .addColumn('source', 'text')
          .addColumn('diff', 'text')
          .execute();
        await db.schema
          .createIndex('entity_history_ref_idx')
          .on('entity_history')
          .columns(['entity_ref', 'id'])
          .execute();
        await db.schema.createIndex('entity_history_at_idx').on('entity_history').column('at').execute();
      },
    },
    '20261124_002_catalog_meta': {
      async up(db) {
        await db.schema
          .createTable('catalog_meta')
          .addColumn('key', 'text', (col) => col.primaryKey())
          .addColumn('value', 'text', (col) => col.notNull())
          .execute();
      },
    },
    '20261124_003_binary_text_order': {
      // PostgreSQL compares text with the database's collation (often en_US.UTF-8): slow
      // B-tree inserts and no index for LIKE prefixes. Refs, search keys and values are
      // compared byte-wise instead, as SQLite does: faster, and the same order everywhere.
      async up(db) {
        if (dialect !== 'postgres') return;
        const columns: Record<string, string[]> = {
          search: ['entity_id', 'key', 'value', 'original_value'],
          final_entities: ['entity_id', 'entity_ref'],
          entities: ['entity_id', 'entity_ref', 'location_key'],
          relations: ['originating_entity_id', 'source_ref', 'type', 'target_ref'],
          edges: ['source_key', 'source_entity_ref', 'via', 'target_entity_ref'],
          stitch_queue: ['entity_ref'],
          refresh_keys: ['entity_id', 'key'],
          entity_history: ['entity_ref'],
        };
        for (const [table, names] of Object.entries(columns)) {
          const alters = names.map((name) => sql`alter column ${sql.ref(name)} type text collate "C"`);
          await sql`alter table ${sql.table(table)} ${sql.join(alters)}`.execute(db);
        }
      },
    },
    '20261124_004_integer_final_ids': {
      // Search rows point at an integer id of the final entity instead of its 36-character
      // uid (a third of every search row and index entry), ids grow with each new entity so
      // inserts append to the id indexes, and `original_value` is stored only when it
      // differs from the lowercased `value`. Both tables are rebuilt with their data.
      async up(db) {
        const text = (name: string) =>
          dialect === 'postgres' ? sql.raw(`${name} text collate "C"`) : sql.raw(`${name} text`);
        const id =
          dialect === 'postgres' ? sql.raw('id serial primary key') : sql.raw('id integer primary key');
        await sql`create table final_entities_v2 (
          ${id},
          ${text('entity_id')} not null unique,
          ${text('entity_ref')} not null unique,
          final text not null,
          hash text not null,
          updated_at bigint not null
        )`.execute(db);
        await sql`insert into final_entities_v2 (entity_id, entity_ref, final, hash, updated_at)
          select entity_id, entity_ref, final, hash, updated_at from final_entities order by entity_ref`.execute(
          db,
        );
        await sql`create table search_v2 (
          final_id integer not null,
          ${text('key')} not null,
          ${text('value')},
          ${text('original_value')}
        )`.execute(db);
        await sql`insert into search_v2 (final_id, key, value, original_value)
          select f.id, s.key, s.value, case when s.original_value = s.value then null else s.original_value end
          from search s join final_entities_v2 f on f.entity_id = s.entity_id`.execute(db);
        await db.schema.dropTable('search').execute();
        await db.schema.dropTable('final_entities').execute();
        await sql`alter table final_entities_v2 rename to final_entities`.execute(db);
        await sql`alter table search_v2 rename to search`.execute(db);
        // Filters, sort walks and counts read (key, value, final_id); facets read
        // original_value too, so the whole read side runs on index-only scans.
        await db.schema
          .createIndex('search_key_value_final_idx')
          .on('search')
          .columns(['key', 'value', 'final_id', 'original_value'])
          .execute();
        // One seek answers "does entity E have key K (with value V)" (per-row filter tests).
        await db.schema
          .createIndex('search_final_idx')
          .on('search')
          .columns(['final_id', 'key', 'value'])
          .execute();
      },
    },
    '20261124_005_drop_relations_target_index': {
      // Nothing reads relations by target (stitching reads by source, processing and removal
      // by originating entity); the index only cost a random B-tree insert per relation.
      async up(db) {
        await db.schema.dropIndex('relations_target_ref_idx').ifExists().execute();
      },
    },
    '20261125_006_final_entities_ref_hash': {
      // PostgreSQL only. A hash index on refs beside the unique B-tree: by-refs probes it
      // once per ref (a bucket page instead of comparing the ref down three B-tree levels),
      // which cut the server's CPU for a by-refs request of 100 refs by about a third. The
      // B-tree stays: it keeps refs unique and tells the planner so, statistics or not.
      // Final entities long enough to be compressed in their row (about 2 kB) use lz4 where
      // the server has it: it decompresses several times faster than the default pglz.
      async up(db) {
        if (dialect !== 'postgres') return;
        await sql`create index final_entities_ref_hash_idx on final_entities using hash (entity_ref)`.execute(
          db,
        );
        if (await serverHasLz4(db))
          await sql`alter table final_entities alter column final set compression lz4`.execute(db);
      },
    },
    '20261125_007_entities_lz4': {
      // PostgreSQL only. An entity row holds its unprocessed and processed JSON, about 2 kB
      // together, so most rows pass the size at which PostgreSQL compresses them. With the
      // default pglz, claims and results paid for compressing them again (pglz keeps a value
      // uncompressed unless it shrinks by a quarter, and such a value is tried again at the
      // next update); lz4 is several times faster. Measured on a 10k ingest: the statements
      // writing results 456 -> 276 ms, claims 348 -> 247 ms, the server's CPU about 4 % less.
      // Rows written before keep their compression until they are next written.
      async up(db) {
        if (dialect !== 'postgres' || !(await serverHasLz4(db))) return;
        await sql`alter table entities alter column unprocessed set compression lz4,
          alter column processed set compression lz4`.execute(db);
      },
    },
    '20261125_008_orphan_candidates': {
      // Every edge deleted leaves its target as a candidate orphan, so the orphan cleanup
      // checks those refs instead of every entity (an anti-join over all entities held
      // SQLite's one connection for 25-28 ms every 30 s at 100k). A trigger, so that no way
      // of removing an edge, now or later, can forget it. PostgreSQL: once per statement,
      // from the statement's deleted rows. Each engine scans in full once after it starts,
      // which covers databases from before this table and anything left while it was off.
      async up(db) {
        await serialId(db, 'orphan_candidates')
          .addColumn('entity_ref', 'text', (col) => col.notNull())
          .execute();
        if (dialect === 'postgres') {
          await sql`create function catalog_edges_orphan_candidates() returns trigger
            language plpgsql set search_path from current as $$
            begin
              insert into orphan_candidates (entity_ref) select distinct target_entity_ref from removed_edges;
              return null;
            end $$`.execute(db);
          await sql`create trigger edges_orphan_candidates after delete on edges
            referencing old table as removed_edges for each statement
            execute function catalog_edges_orphan_candidates()`.execute(db);
        } else {
          await sql`create trigger edges_orphan_candidates after delete on edges
            begin insert into orphan_candidates (entity_ref) values (old.target_entity_ref); end`.execute(db);
        }
      },
    },
  };
}

/** Whether this PostgreSQL server was built with lz4, so columns can be compressed with it. */
async function serverHasLz4(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ lz4: boolean }>`select 'lz4' = any(enumvals) as lz4
    from pg_settings where name = 'default_toast_compression'`.execute(db);
  return rows[0]?.lz4 === true;
}
