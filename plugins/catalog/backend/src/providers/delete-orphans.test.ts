import { TestDatabases } from '@greenroom/test-utils';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { catalogMigrations } from '../database/migrations.js';
import { entityRow } from '../database/table-test-fixtures.js';
import type { CatalogDatabase } from '../database/tables.js';
import type { MarkForStitch } from '../processing/processing-engine.js';
import { clearOrphanCandidates, deleteOrphans } from './delete-orphans.js';

const databases = TestDatabases.create();

async function setup(databaseId: 'SQLITE' | 'POSTGRES') {
  const database = await databases.createService(databaseId, 'catalog');
  await database.migrate(catalogMigrations(database.dialect));
  const db = await database.getClient<CatalogDatabase>();
  const stitched: string[] = [];
  const markForStitch: MarkForStitch = async (_trx, refs) => void stitched.push(...refs);
  return { db, dialect: database.dialect, stitched, markForStitch };
}

/** Entities named `refs`, each emitted by the provider `hr` unless listed in `unreferenced`. */
async function entities(db: Kysely<CatalogDatabase>, refs: string[], unreferenced: string[] = []) {
  await db
    .insertInto('entities')
    .values(refs.map((ref) => entityRow(ref)))
    .execute();
  const referenced = refs.filter((ref) => !unreferenced.includes(ref));
  if (referenced.length > 0) {
    await db
      .insertInto('edges')
      .values(
        referenced.map((ref) => ({
          source_key: 'hr',
          source_entity_ref: null,
          via: null,
          target_entity_ref: ref,
        })),
      )
      .execute();
  }
}

const edge = (db: Kysely<CatalogDatabase>, source: string, target: string) =>
  db
    .insertInto('edges')
    .values({ source_key: null, source_entity_ref: source, via: 'processor:x', target_entity_ref: target })
    .execute();

const refsOf = async (db: Kysely<CatalogDatabase>) =>
  (await db.selectFrom('entities').select('entity_ref').orderBy('entity_ref').execute()).map(
    (r) => r.entity_ref,
  );

const candidatesOf = async (db: Kysely<CatalogDatabase>) =>
  (await db.selectFrom('orphan_candidates').select('entity_ref').orderBy('id').execute()).map(
    (r) => r.entity_ref,
  );

describe.each(databases.eachSupportedId())('deleteOrphans on %s', (databaseId) => {
  it('records the target of every deleted edge as a candidate, however the edges are deleted', async () => {
    const { db } = await setup(databaseId);
    await entities(db, ['user:default/a', 'user:default/b', 'user:default/c']);
    expect(await candidatesOf(db)).toEqual([]);
    await db.deleteFrom('edges').where('target_entity_ref', '=', 'user:default/a').execute();
    await db
      .deleteFrom('edges')
      .where('target_entity_ref', 'in', ['user:default/b', 'user:default/c'])
      .execute();
    expect((await candidatesOf(db)).sort()).toEqual(['user:default/a', 'user:default/b', 'user:default/c']);
  });

  it('checks only the candidates, and a full pass every entity', async () => {
    const { db, dialect, stitched, markForStitch } = await setup(databaseId);
    // `never` never had an edge, so no edge deletion names it: only a full pass finds it.
    await entities(
      db,
      ['user:default/gone', 'user:default/kept', 'user:default/never'],
      ['user:default/never'],
    );
    await edge(db, 'location:default/other', 'user:default/kept');
    await db.deleteFrom('edges').where('source_key', '=', 'hr').execute();

    expect(await deleteOrphans(db, dialect, markForStitch)).toBe(1);
    expect(await refsOf(db)).toEqual(['user:default/kept', 'user:default/never']);
    expect(stitched).toEqual(['user:default/gone']);
    expect(await candidatesOf(db)).toEqual([]); // all consumed, `kept` included

    expect(await deleteOrphans(db, dialect, markForStitch, { scope: 'full' })).toBe(1);
    expect(await refsOf(db)).toEqual(['user:default/kept']);
  });

  it("consumes the candidates an orphan's removal makes, in later rounds of the same call", async () => {
    const { db, dialect, markForStitch } = await setup(databaseId);
    await entities(db, ['location:default/parent', 'user:default/shared', 'user:default/only']);
    // `only` is emitted by the parent alone; `shared` by the parent and the provider.
    await db.deleteFrom('edges').where('target_entity_ref', '=', 'user:default/only').execute();
    await db.deleteFrom('orphan_candidates').execute();
    await edge(db, 'location:default/parent', 'user:default/only');
    await edge(db, 'location:default/parent', 'user:default/shared');
    // The provider drops the parent: it goes, with the child only it emitted.
    await db.deleteFrom('edges').where('target_entity_ref', '=', 'location:default/parent').execute();
    expect(await deleteOrphans(db, dialect, markForStitch, { batchSize: 1 })).toBe(1);
    expect(await refsOf(db)).toEqual(['user:default/shared']);
    expect(await candidatesOf(db)).toEqual([]);
  });

  it('works through more candidates than one round holds', async () => {
    const { db, dialect, markForStitch } = await setup(databaseId);
    const refs = Array.from({ length: 25 }, (_, i) => `user:default/u${String(i).padStart(2, '0')}`);
    await entities(db, refs);
    await db.deleteFrom('edges').where('target_entity_ref', '<', 'user:default/u20').execute();
    expect(await deleteOrphans(db, dialect, markForStitch, { batchSize: 4 })).toBe(20);
    expect(await refsOf(db)).toEqual(refs.slice(20));
    expect(await candidatesOf(db)).toEqual([]);
  });

  it('deletes each orphan once when two passes run at once', async () => {
    const { db, dialect, markForStitch } = await setup(databaseId);
    const refs = Array.from({ length: 40 }, (_, i) => `user:default/u${String(i).padStart(2, '0')}`);
    await entities(db, refs);
    await db.deleteFrom('edges').execute();
    const deleted = await Promise.all([
      deleteOrphans(db, dialect, markForStitch, { batchSize: 5 }),
      deleteOrphans(db, dialect, markForStitch, { batchSize: 5 }),
    ]);
    expect(deleted[0]! + deleted[1]!).toBe(40);
    expect(await refsOf(db)).toEqual([]);
    expect(await candidatesOf(db)).toEqual([]);
  });

  it('drops the candidates without touching entities when orphans are kept', async () => {
    const { db } = await setup(databaseId);
    await entities(db, ['user:default/a', 'user:default/b']);
    await db.deleteFrom('edges').execute();
    await clearOrphanCandidates(db);
    expect(await candidatesOf(db)).toEqual([]);
    expect(await refsOf(db)).toEqual(['user:default/a', 'user:default/b']);
    await clearOrphanCandidates(db); // nothing to drop
    expect(await candidatesOf(db)).toEqual([]);
  });
});
