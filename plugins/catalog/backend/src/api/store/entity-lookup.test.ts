import { REUSE_PLAN_MARKER } from '@greenroom/backend-plugin-api';
import { TestDatabases } from '@greenroom/test-utils';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogChanges } from '../../stitching/catalog-changes.js';
import type { EntityFilter } from '../query/entity-filter.js';
import { CatalogReader } from './catalog-reader.js';
import { findEntitiesByRefs, findEntityByUid } from './entity-lookup.js';
import { createReadTestCatalog, preparedStatements, refsOf, testEntity } from './read-test-catalog.js';

const databases = TestDatabases.create();

const teamB: EntityFilter = { key: 'spec.owner', matches: { op: 'eq', values: ['team-b'] } };

describe.each(databases.eachSupportedId())('CatalogReader lookups on %s', (databaseId) => {
  let catalog: Awaited<ReturnType<typeof createReadTestCatalog>>;

  beforeAll(async () => {
    catalog = await createReadTestCatalog(databases, databaseId);
    await catalog.add(
      Array.from({ length: 150 }, (_, i) =>
        testEntity(i % 2 ? 'Component' : 'API', `Item-${i}`, { owner: i % 3 ? 'team-a' : 'team-b' }),
      ),
    );
  });

  it('finds an entity by its canonical ref and by its uid, as the stored JSON', async () => {
    const stored = (await catalog.stored()).get('component:default/item-1')!;
    const json = await catalog.reader.getByRef('component:default/item-1');
    expect(JSON.parse(json!)).toEqual(stored.entity);
    expect(await catalog.reader.getByUid(stored.uid)).toBe(json);
    expect(await catalog.reader.getByRef('Component:default/Item-1')).toBeUndefined();
    expect(await catalog.reader.getByUid('no-such-uid')).toBeUndefined();
  });

  it('hides an entity the restriction does not allow', async () => {
    const stored = (await catalog.stored()).get('component:default/item-1')!;
    expect(await catalog.reader.getByRef('component:default/item-1', { restriction: teamB })).toBeUndefined();
    expect(await catalog.reader.getByUid(stored.uid, { restriction: teamB })).toBeUndefined();
    expect(await catalog.reader.getByRef('component:default/item-3', { restriction: teamB })).toBeDefined();
  });

  it('answers by-refs in input order and length, with duplicates, nulls for missing refs and exact matching', async () => {
    const refs = [
      'api:default/item-4',
      'component:default/item-1',
      'api:default/item-4',
      'component:default/nope',
      'Component:default/Item-1',
      'item-1',
    ];
    expect(refsOf(await catalog.reader.getByRefs(refs))).toEqual([
      'api:default/item-4',
      'component:default/item-1',
      'api:default/item-4',
      null,
      null,
      null,
    ]);
    expect(await catalog.reader.getByRefs([])).toEqual([]);
  });

  it('answers null for entities the filter or the restriction excludes', async () => {
    const refs = [
      'api:default/item-0',
      'component:default/item-1',
      'component:default/item-3',
      'api:default/item-6',
    ];
    const kindComponent: EntityFilter = { key: 'kind', matches: { op: 'eq', values: ['component'] } };
    expect(refsOf(await catalog.reader.getByRefs(refs, { filter: kindComponent }))).toEqual([
      null,
      'component:default/item-1',
      'component:default/item-3',
      null,
    ]);
    expect(
      refsOf(await catalog.reader.getByRefs(refs, { filter: kindComponent, restriction: teamB })),
    ).toEqual([null, null, 'component:default/item-3', null]);
  });

  it('answers concurrent lookups by ref with one statement, each with its own entity', async () => {
    let statements = 0;
    const counted = catalog.db.withPlugin({
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const reader = new CatalogReader({
      db: counted,
      dialect: catalog.dialect,
      changes: new CatalogChanges(),
    });
    const refs = [
      'component:default/item-1',
      'api:default/item-4',
      'component:default/nope',
      'api:default/item-4',
    ];
    const found = await Promise.all(refs.map((ref) => reader.getByRef(ref)));
    expect(found.map((json) => (json === undefined ? undefined : refsOf([json])[0]))).toEqual([
      'component:default/item-1',
      'api:default/item-4',
      undefined,
      'api:default/item-4',
    ]);
    expect(statements).toBe(1);
    // Lookups under one restriction object (a caller's cached read decision) share a
    // statement of their own, with the restriction applied; another restriction gets another.
    const teamA: EntityFilter = { key: 'spec.owner', matches: { op: 'eq', values: ['team-a'] } };
    const restricted = await Promise.all([
      reader.getByRef('component:default/item-1', { restriction: teamB }),
      reader.getByRef('component:default/item-3', { restriction: teamB }),
      reader.getByRef('component:default/item-1', { restriction: teamA }),
    ]);
    expect(restricted.map((json) => json !== undefined)).toEqual([false, true, true]);
    expect(statements).toBe(3);
  });

  it('looks up a thousand refs at once and rejects more', async () => {
    const all = [...(await catalog.stored()).keys()];
    const refs = Array.from({ length: 1_000 }, (_, i) =>
      i % 4 === 3 ? `component:default/missing-${i}` : all[i % all.length]!,
    );
    const items = await catalog.reader.getByRefs(refs);
    expect(refsOf(items)).toEqual(refs.map((ref) => (ref.includes('missing') ? null : ref)));
    await expect(catalog.reader.getByRefs([...refs, 'api:default/item-0'])).rejects.toThrow(
      'Too many entity refs: 1001, at most 1000 per request; split the list',
    );
  });
});

const postgres = TestDatabases.create({ ids: ['POSTGRES'] });

describe.each(postgres.eachSupportedId())('entity lookups plan reuse on %s', (databaseId) => {
  it('keeps the plan of lookups by ref, uid and refs, not of those under a restriction', async () => {
    const catalog = await createReadTestCatalog(postgres, databaseId);
    await catalog.add(['a', 'b', 'c'].map((name) => testEntity('Component', name, { owner: 'team-b' })));
    const uid = (await catalog.stored()).get('component:default/a')!.uid;
    // One connection, so pg_prepared_statements shows what the lookups prepared.
    await catalog.db.connection().execute(async (db) => {
      for (const ref of ['component:default/a', 'component:default/b']) {
        expect(await findEntitiesByRefs(db, 'postgres', [ref], undefined, teamB)).toEqual([
          expect.any(String),
        ]);
        expect(
          await findEntitiesByRefs(db, 'postgres', [ref, 'component:default/c'], undefined, teamB),
        ).toHaveLength(2);
      }
      expect(await preparedStatements(db)).toEqual([]);
      for (const ref of ['component:default/a', 'component:default/b']) {
        expect(await findEntitiesByRefs(db, 'postgres', [ref], undefined, undefined)).toEqual([
          expect.any(String),
        ]);
        expect(
          await findEntitiesByRefs(db, 'postgres', [ref, 'component:default/c'], undefined, undefined),
        ).toEqual([expect.any(String), expect.any(String)]);
      }
      expect(await findEntityByUid(db, 'postgres', uid, undefined)).toBeDefined();
      const statements = await preparedStatements(db);
      expect(statements).toHaveLength(3);
      for (const statement of statements) expect(statement.startsWith(REUSE_PLAN_MARKER)).toBe(true);
    });
  });
});

describe.each(postgres.eachSupportedId())('lookups by refs on %s', (databaseId) => {
  it('probe the hash index on refs, in the custom and in the generic plan', async () => {
    const catalog = await createReadTestCatalog(postgres, databaseId);
    await catalog.add(['a', 'b', 'c', 'd'].map((name) => testEntity('Component', name, { owner: 'team-b' })));
    await catalog.db.connection().execute(async (db) => {
      const refs = ['component:default/a', 'component:default/c', 'component:default/zz'];
      for (let run = 0; run < 6; run++) {
        expect(await findEntitiesByRefs(db, 'postgres', refs, undefined, undefined)).toEqual([
          expect.any(String),
          expect.any(String),
          null,
        ]);
      }
      const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db);
      expect(rows).toHaveLength(1);
      // Four rows are read fastest without an index; the question is whether the statement can use it.
      await sql`set enable_seqscan = off`.execute(db);
      for (const mode of ['force_custom_plan', 'force_generic_plan']) {
        await sql`set plan_cache_mode = ${sql.raw(mode)}`.execute(db);
        // EXPLAIN EXECUTE takes literals only.
        const plan = await sql<{
          'QUERY PLAN': string;
        }>`explain execute ${sql.raw(rows[0]!.name)}(${sql.lit(`{${refs.join(',')}}`)})`.execute(db);
        const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(text).toContain('Index Scan using final_entities_ref_hash_idx');
      }
      await sql`reset all`.execute(db);
    });
  });
});

describe.each(postgres.eachSupportedId())('stored finals on %s', (databaseId) => {
  it('are compressed with lz4 where they need compressing and the server has it', async () => {
    const catalog = await createReadTestCatalog(postgres, databaseId);
    // Over PostgreSQL's 2 kB threshold, where a row's long values are compressed.
    const description = Array.from({ length: 600 }, (_, i) => `word${(i * 7919) % 1000}`).join(' ');
    await catalog.add([testEntity('Component', 'big', { owner: 'team-b' }, { description })]);
    const { rows: settings } = await sql<{ lz4: boolean }>`select 'lz4' = any(enumvals) as lz4
      from pg_settings where name = 'default_toast_compression'`.execute(catalog.db);
    const { rows } = await sql<{ method: string | null }>`select pg_column_compression(final) as method
      from final_entities where entity_ref = 'component:default/big'`.execute(catalog.db);
    expect(rows).toEqual([{ method: settings[0]!.lz4 ? 'lz4' : 'pglz' }]);
    expect(JSON.parse((await catalog.reader.getByRef('component:default/big'))!)).toEqual(
      (await catalog.stored()).get('component:default/big')!.entity,
    );
  });
});
