import type { Entity } from '@greenroom/catalog-model';
import { TestDatabases } from '@greenroom/test-utils';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { catalogMigrations } from '../database/migrations.js';
import { entityRow } from '../database/table-test-fixtures.js';
import type { CatalogDatabase } from '../database/tables.js';
import type { MarkForStitch } from '../processing/processing-engine.js';
import { ProviderConnection } from './provider-connection.js';

const databases = TestDatabases.create();

const user = (name: string, team = 'a'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, annotations: { 'backstage.io/managed-by-location': 'hr:directory' } },
  spec: { memberOf: [team] },
});

async function setup(databaseId: 'SQLITE' | 'POSTGRES') {
  const database = await databases.createService(databaseId, 'catalog');
  await database.migrate(catalogMigrations(database.dialect));
  const db = await database.getClient<CatalogDatabase>();
  const stitched: string[][] = [];
  const markForStitch: MarkForStitch = async (_trx, refs) => void stitched.push([...refs].sort());
  const connection = new ProviderConnection({
    db,
    dialect: database.dialect,
    providerName: 'hr',
    markForStitch,
    now: () => 5,
  });
  return { db, connection, stitched };
}

const refsOf = async (db: Kysely<CatalogDatabase>) =>
  (await db.selectFrom('entities').select('entity_ref').orderBy('entity_ref').execute()).map(
    (r) => r.entity_ref,
  );

describe.each(databases.eachSupportedId())('ProviderConnection on %s', (databaseId) => {
  it('replaces the whole set on a full mutation, removing what is no longer provided', async () => {
    const { db, connection, stitched } = await setup(databaseId);
    await connection.applyMutation({
      type: 'full',
      entities: [{ entity: user('ada') }, { entity: user('alan') }],
    });
    expect(await refsOf(db)).toEqual(['user:default/ada', 'user:default/alan']);
    const due = await db.selectFrom('entities').select('next_update_at').execute();
    expect(due.map((d) => Number(d.next_update_at))).toEqual([5, 5]);

    await db.updateTable('entities').set({ next_update_at: null }).execute();
    await connection.applyMutation({ type: 'full', entities: [{ entity: user('ada') }] });
    expect(await refsOf(db)).toEqual(['user:default/ada']);
    const ada = await db.selectFrom('entities').select('next_update_at').executeTakeFirstOrThrow();
    expect(ada.next_update_at).toBeNull(); // unchanged: not made due again
    expect(stitched.at(-1)).toEqual(['user:default/alan']);
  });

  it('upserts and removes on a delta mutation, pruning children nobody else references', async () => {
    const { db, connection } = await setup(databaseId);
    await connection.applyMutation({ type: 'delta', added: [{ entity: user('ada') }], removed: [] });
    const ada = await db.selectFrom('entities').select('entity_id').executeTakeFirstOrThrow();
    await db
      .insertInto('edges')
      .values({
        source_key: null,
        source_entity_ref: 'user:default/ada',
        via: 'processor:x',
        target_entity_ref: 'group:default/a',
      })
      .execute();
    await db
      .insertInto('entities')
      .values(entityRow('group:default/a', { entity_id: 'g' }))
      .execute();
    await db
      .insertInto('relations')
      .values({
        originating_entity_id: ada.entity_id,
        source_ref: 'group:default/b',
        type: 'hasMember',
        target_ref: 'user:default/ada',
      })
      .execute();
    await connection.applyMutation({
      type: 'delta',
      added: [],
      removed: [{ entityRef: 'user:default/ada' }],
    });
    expect(await refsOf(db)).toEqual([]);
    expect(await db.selectFrom('relations').selectAll().execute()).toEqual([]);
  });

  it('leaves a ref claimed by another location key to its first claimant', async () => {
    const { db, connection } = await setup(databaseId);
    await connection.applyMutation({
      type: 'full',
      entities: [{ entity: user('ada'), locationKey: 'first' }],
    });
    await connection.applyMutation({
      type: 'full',
      entities: [{ entity: user('ada', 'b'), locationKey: 'second' }],
    });
    const row = await db
      .selectFrom('entities')
      .select(['location_key', 'unprocessed'])
      .executeTakeFirstOrThrow();
    expect(row.location_key).toBe('first');
    expect(JSON.parse(row.unprocessed).spec.memberOf).toEqual(['a']);
  });

  it('makes entities due again by refresh key', async () => {
    const { db, connection } = await setup(databaseId);
    await connection.applyMutation({ type: 'full', entities: [{ entity: user('ada') }] });
    const { entity_id } = await db.selectFrom('entities').select('entity_id').executeTakeFirstOrThrow();
    await db.updateTable('entities').set({ next_update_at: null }).execute();
    await db.insertInto('refresh_keys').values({ entity_id, key: 'https://example.com/a.yaml' }).execute();
    await connection.refresh({ keys: ['https://example.com/a.yaml'] });
    const row = await db.selectFrom('entities').select('next_update_at').executeTakeFirstOrThrow();
    expect(Number(row.next_update_at)).toBe(5);
  });

  it('refuses an entity without apiVersion, kind or name, naming the provider and position', async () => {
    const { connection } = await setup(databaseId);
    await expect(
      connection.applyMutation({
        type: 'full',
        entities: [{ entity: user('ada') }, { entity: { kind: 'User' } as Entity }],
      }),
    ).rejects.toThrow("Provider 'hr' gave an invalid entity at position 1");
  });
});
