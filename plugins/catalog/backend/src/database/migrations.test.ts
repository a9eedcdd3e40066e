import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { catalogMigrations } from './migrations.js';
import type { CatalogDatabase } from './tables.js';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('catalog migrations on %s', (databaseId) => {
  it('create every catalog table, so that an entity can be stored and found by ref', async () => {
    const database = await databases.createService(databaseId, 'catalog');
    await database.migrate(catalogMigrations(database.dialect));
    const db = await database.getClient<CatalogDatabase>();
    await db
      .insertInto('entities')
      .values({
        entity_id: 'e1',
        entity_ref: 'component:default/a',
        location_key: null,
        unprocessed: '{}',
        unprocessed_hash: 'h',
        processed: null,
        result_hash: null,
        errors: null,
        cache: null,
        next_update_at: 1,
        claimed_until: null,
        updated_at: 1,
      })
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
});
