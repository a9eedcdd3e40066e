import { TestDatabases } from '@greenroom/test-utils';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { catalogMigrations } from './migrations.js';
import { entityRow } from './table-test-fixtures.js';
import type { CatalogDatabase } from './tables.js';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('catalog migrations on %s', (databaseId) => {
  it('create every catalog table, so that an entity can be stored and found by ref', async () => {
    const database = await databases.createService(databaseId, 'catalog');
    await database.migrate(catalogMigrations(database.dialect));
    const db = await database.getClient<CatalogDatabase>();
    await db
      .insertInto('entities')
      .values(entityRow('component:default/a', { entity_id: 'e1', next_update_at: 1, updated_at: 1 }))
      .execute();
    const history = await db
      .insertInto('entity_history')
      .values({
        entity_ref: 'component:default/a',
        entity_id: 'e1',
        at: 1,
        change: 'created',
        source: null,
        diff: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(Number(history.id)).toBeGreaterThan(0);
    const found = await db
      .selectFrom('entities')
      .select('entity_id')
      .where('entity_ref', '=', 'component:default/a')
      .execute();
    expect(found).toEqual([{ entity_id: 'e1' }]);
    await expect(
      db
        .insertInto('locations')
        .values([
          {
            id: 'l1',
            type: 'url',
            target: 'https://x/y.yaml',
            location_entity_ref: 'location:default/a',
            created_at: 1,
          },
          {
            id: 'l2',
            type: 'url',
            target: 'https://x/y.yaml',
            location_entity_ref: 'location:default/b',
            created_at: 1,
          },
        ])
        .execute(),
    ).rejects.toThrow();
  });

  it('moves stored finals and search rows to integer final ids, keeping original values only where they differ', async () => {
    const database = await databases.createService(databaseId, 'catalog');
    const all = catalogMigrations(database.dialect);
    const before = Object.fromEntries(
      Object.entries(all).filter(([name]) => name < '20261124_004_integer_final_ids'),
    );
    await database.migrate(before);
    const db = await database.getClient<CatalogDatabase>();
    for (const [uid, ref] of [
      ['u-b', 'component:default/b'],
      ['u-a', 'component:default/a'],
    ]) {
      await sql`insert into final_entities (entity_id, entity_ref, final, hash, updated_at)
        values (${uid}, ${ref}, ${`{"uid":"${uid}"}`}, 'h', 1)`.execute(db);
      await sql`insert into search (entity_id, key, value, original_value) values
        (${uid}, 'kind', 'component', 'Component'),
        (${uid}, 'metadata.name', ${ref.slice(-1)}, ${ref.slice(-1)}),
        (${uid}, 'metadata.description', null, null)`.execute(db);
    }

    await database.migrate(all);

    const finals = await db
      .selectFrom('final_entities')
      .select(['id', 'entity_id', 'final'])
      .orderBy('id')
      .execute();
    expect(finals.map((f) => [f.entity_id, f.final])).toEqual([
      ['u-a', '{"uid":"u-a"}'],
      ['u-b', '{"uid":"u-b"}'],
    ]);
    const rows = await db
      .selectFrom('search')
      .innerJoin('final_entities', 'final_entities.id', 'search.final_id')
      .select(['final_entities.entity_id', 'search.key', 'search.value', 'search.original_value'])
      .orderBy('final_entities.entity_id')
      .orderBy('search.key')
      .execute();
    expect(rows).toEqual(
      ['u-a', 'u-b'].flatMap((uid) => [
        { entity_id: uid, key: 'kind', value: 'component', original_value: 'Component' },
        { entity_id: uid, key: 'metadata.description', value: null, original_value: null },
        { entity_id: uid, key: 'metadata.name', value: uid.slice(-1), original_value: null },
      ]),
    );
    // New finals get the next ids.
    const next = await db
      .insertInto('final_entities')
      .values({ entity_id: 'u-c', entity_ref: 'component:default/c', final: '{}', hash: 'h', updated_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(Number(next.id)).toBeGreaterThan(Math.max(...finals.map((f) => Number(f.id))));
  });

  it('keep final refs unique, a ref freed by a rename free to take', async () => {
    const database = await databases.createService(databaseId, 'catalog');
    await database.migrate(catalogMigrations(database.dialect));
    const db = await database.getClient<CatalogDatabase>();
    const final = (entity_id: string, entity_ref: string) => ({
      entity_id,
      entity_ref,
      final: '{}',
      hash: 'h',
      updated_at: 1,
    });
    await db.insertInto('final_entities').values(final('u-a', 'component:default/a')).execute();
    await expect(
      db.insertInto('final_entities').values(final('u-b', 'component:default/a')).execute(),
    ).rejects.toThrow();
    // A ref freed by a rename can be taken in the same transaction.
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('final_entities')
        .set({ entity_ref: 'component:default/renamed' })
        .where('entity_id', '=', 'u-a')
        .execute();
      await trx.insertInto('final_entities').values(final('u-b', 'component:default/a')).execute();
    });
    const refs = await db
      .selectFrom('final_entities')
      .select(['entity_id', 'entity_ref'])
      .orderBy('entity_id')
      .execute();
    expect(refs).toEqual([
      { entity_id: 'u-a', entity_ref: 'component:default/renamed' },
      { entity_id: 'u-b', entity_ref: 'component:default/a' },
    ]);
  });
});

describe.each(databases.eachSupportedId().filter((id) => id === 'POSTGRES'))(
  'catalog migrations on %s only',
  (databaseId) => {
    it('compress entity documents and finals with lz4 on a PostgreSQL server that has it', async () => {
      const database = await databases.createService(databaseId, 'catalog');
      await database.migrate(catalogMigrations(database.dialect));
      const db = await database.getClient<CatalogDatabase>();
      const { rows: settings } = await sql<{ lz4: boolean }>`select 'lz4' = any(enumvals) as lz4
      from pg_settings where name = 'default_toast_compression'`.execute(db);
      const { rows } = await sql<{ table: string; column: string; method: string }>`select
      c.relname as table, a.attname as column, a.attcompression as method
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      where (c.relname, a.attname) in (('entities', 'unprocessed'), ('entities', 'processed'), ('final_entities', 'final'))
      order by 1, 2`.execute(db);
      // attcompression '' is the server default (pglz here), 'l' is lz4.
      const method = settings[0]!.lz4 ? 'l' : '';
      expect(rows).toEqual([
        { table: 'entities', column: 'processed', method },
        { table: 'entities', column: 'unprocessed', method },
        { table: 'final_entities', column: 'final', method },
      ]);
    });
  },
);
