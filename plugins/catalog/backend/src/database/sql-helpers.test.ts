import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { TestDatabases } from '@greenroom/test-utils';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  deleteRows,
  inChunks,
  inList,
  insertRows,
  SQLITE_MAX_VARIABLES,
  type TableRowsSpec,
} from './sql-helpers.js';

const databases = TestDatabases.create();

const items: TableRowsSpec = {
  table: 'items',
  columns: { id: 'text', note: 'text', at: 'bigint' },
  nullable: ['note'],
};

async function setup(databaseId: 'SQLITE' | 'POSTGRES') {
  // The backend's own database service: on PostgreSQL its connections carry COPY data.
  const db: Kysely<any> = await (await databases.createService(databaseId, 'catalog')).getClient();
  const dialect: DatabaseDialect = databaseId === 'POSTGRES' ? 'postgres' : 'sqlite';
  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('note', 'text')
    .addColumn('at', 'bigint', (col) => col.notNull())
    .execute();
  const all = async () =>
    (await db.selectFrom('items').select(['id', 'note', 'at']).orderBy('id').execute()).map((row) => ({
      ...row,
      at: Number(row.at),
    }));
  return { db, dialect, all };
}

const rowsOf = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `item-${String(i).padStart(6, '0')}`,
    note: i % 3 === 0 ? null : `note "${i}" with 'quotes', {braces} and \\backslashes`,
    at: 1_700_000_000_000 + i,
  }));

describe.each(databases.eachSupportedId())('SQL helpers on %s', (databaseId) => {
  it('inserts more rows in one call than a statement could bind one variable each for', async () => {
    const { db, dialect, all } = await setup(databaseId);
    const rows = rowsOf(70_000);
    await insertRows(db, dialect, items, rows);
    expect(await all()).toEqual(rows);
  });

  it('updates the listed columns of conflicting rows, or keeps them when nothing is listed', async () => {
    const { db, dialect, all } = await setup(databaseId);
    await insertRows(db, dialect, items, [
      { id: 'a', note: 'first', at: 1 },
      { id: 'b', note: 'first', at: 1 },
    ]);
    await insertRows(db, dialect, items, [{ id: 'a', note: 'second', at: 2 }], {
      columns: ['id'],
      update: ['note'],
    });
    await insertRows(db, dialect, items, [{ id: 'b', note: 'second', at: 2 }], {
      columns: ['id'],
      update: [],
    });
    expect(await all()).toEqual([
      { id: 'a', note: 'second', at: 1 },
      { id: 'b', note: 'first', at: 1 },
    ]);
  });

  it('selects by a list of any length, splitting it into statements only on SQLite', async () => {
    const { db, dialect } = await setup(databaseId);
    const rows = rowsOf(3_000);
    await insertRows(db, dialect, items, rows);
    const wanted = rows.filter((_, i) => i % 2 === 0).map((row) => row.id);
    const chunkSizes: number[] = [];
    const found = await inChunks(dialect, wanted, (chunk) => {
      chunkSizes.push(chunk.length);
      return db
        .selectFrom('items')
        .select('id')
        .where(inList(dialect, 'id', chunk))
        .execute();
    });
    expect(found.map((row) => row.id).sort()).toEqual(wanted);
    if (dialect === 'postgres') expect(chunkSizes).toEqual([wanted.length]);
    else expect(Math.max(...chunkSizes)).toBeLessThanOrEqual(SQLITE_MAX_VARIABLES);
  });

  it('matches nothing with an empty list', async () => {
    const { db, dialect } = await setup(databaseId);
    await insertRows(db, dialect, items, rowsOf(3));
    const found = await db
      .selectFrom('items')
      .select('id')
      .where(inList(dialect, 'id', []))
      .execute();
    expect(found).toEqual([]);
  });

  it('matches numbers in a bigint column', async () => {
    const { db, dialect } = await setup(databaseId);
    await insertRows(db, dialect, items, rowsOf(5));
    const found = await db
      .selectFrom('items')
      .select('id')
      .where(inList(dialect, 'at', [1_700_000_000_001, 1_700_000_000_003], 'bigint'))
      .orderBy('id')
      .execute();
    expect(found.map((row) => row.id)).toEqual(['item-000001', 'item-000003']);
  });

  it('deletes exactly the rows whose columns all match, null matching null in nullable columns', async () => {
    const { db, dialect, all } = await setup(databaseId);
    const rows = rowsOf(4_000);
    await insertRows(db, dialect, items, rows);
    const doomed = rows.filter((_, i) => i % 4 === 0);
    const spared = rows.filter((_, i) => i % 4 !== 0);
    // Same id but another note: must not match.
    const nearMisses = spared.slice(0, 50).map((row) => ({ ...row, note: row.note === null ? 'x' : null }));
    await deleteRows(db, dialect, items, [...doomed, ...nearMisses]);
    expect(await all()).toEqual(spared);
  });
});
