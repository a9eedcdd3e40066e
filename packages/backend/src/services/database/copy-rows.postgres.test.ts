import { COPY_FROM_STDIN_MARKER, copyRows } from '@greenroom/backend-plugin-api';
import { type TestDatabaseId, TestDatabases } from '@greenroom/test-utils';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseConfigSchema } from './database-config.js';
import { DatabaseManager } from './database-manager.js';
import { RecordingLogger } from './test-support.js';

const databases = TestDatabases.create({ ids: ['POSTGRES'] });

const managers: DatabaseManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.destroy()));
});

/** A plugin database with `notes(id integer primary key, body text, at bigint)`, through the backend's pool. */
async function notesDatabase(databaseId: TestDatabaseId, extra: Record<string, unknown> = {}) {
  const config = { ...(await databases.createConfig(databaseId)), ...extra };
  const manager = new DatabaseManager(databaseConfigSchema.parse(config), { logger: new RecordingLogger() });
  managers.push(manager);
  const service = manager.forPlugin('notes');
  await service.migrate({
    '20260101_init': {
      up: (db) =>
        db.schema
          .createTable('notes')
          .addColumn('id', 'integer', (col) => col.primaryKey())
          .addColumn('body', 'text')
          .addColumn('at', 'bigint')
          .execute(),
    },
  });
  const db: Kysely<any> = await service.getClient();
  const all = async () =>
    (await db.selectFrom('notes').select(['id', 'body', 'at']).orderBy('id').execute()).map((row) => ({
      ...row,
      at: row.at === null ? null : Number(row.at),
    }));
  return { db, all };
}

/** Text that COPY's format would misread unescaped, and text it must leave alone. */
const awkward = [
  '',
  'tab\there',
  'new\nline and carriage\rreturn',
  'back\\slash, \\N and \\t spelled out',
  '\\.',
  'NULL',
  '\\',
  'ünïcödé ✓ and an emoji 😀',
  JSON.stringify({ metadata: { description: 'says "hi"\n\ttwice \\o/' } }),
];

describe.each(databases.eachSupportedId())('copyRows on %s', (databaseId) => {
  it('writes every value as it was given: escapes, nulls, empty text, integers and bigints', async () => {
    const { db, all } = await notesDatabase(databaseId);
    const rows = awkward.map((body, i) => [i, body, 1_700_000_000_000 + i] as const);
    const written = await copyRows(db, 'notes', ['id', 'body', 'at'], [...rows, [100, null, undefined]]);
    expect(written).toBe(awkward.length + 1);
    expect(await all()).toEqual([
      ...rows.map(([id, body, at]) => ({ id, body, at })),
      { id: 100, body: null, at: null },
    ]);
  });

  it('turns a lone surrogate into U+FFFD, as node-postgres does with a bound value', async () => {
    const { db, all } = await notesDatabase(databaseId);
    await copyRows(db, 'notes', ['id', 'body'], [[1, 'lone \ud800 high, pair 😀']]);
    expect((await all())[0]!.body).toBe('lone \ufffd high, pair 😀');
  });

  it('sends data larger than one message in several, and takes any iterable', async () => {
    const { db } = await notesDatabase(databaseId);
    const body = `${'x'.repeat(1000)}\t${'y'.repeat(1000)}`;
    function* rows() {
      for (let id = 0; id < 3000; id++) yield [id, body, id] as const;
    }
    expect(await copyRows(db, 'notes', ['id', 'body', 'at'], rows())).toBe(3000);
    const { rows: stats } = await sql<{ n: number; same: boolean }>`select count(*)::int as n,
      bool_and(body = ${body}) as same from notes`.execute(db);
    expect(stats[0]).toEqual({ n: 3000, same: true });
  });

  it('builds a large copy in slices, so callbacks queued meanwhile run before its last row is read', async () => {
    const { db } = await notesDatabase(databaseId);
    let immediateRan = false;
    let ranBeforeLastRow = false;
    function* slowRows() {
      for (let id = 0; id < 2048; id++) {
        // About 40 ms of synchronous work in all, four slices' worth.
        const end = performance.now() + 0.02;
        while (performance.now() < end) {
          // busy
        }
        if (id === 2047) ranBeforeLastRow = immediateRan;
        yield [id, 'row', id] as const;
      }
    }
    setImmediate(() => {
      immediateRan = true;
    });
    expect(await copyRows(db, 'notes', ['id', 'body', 'at'], slowRows())).toBe(2048);
    expect(ranBeforeLastRow).toBe(true);
  });

  it('sends nothing for no rows', async () => {
    const { db, all } = await notesDatabase(databaseId);
    expect(await copyRows(db, 'notes', ['id', 'body'], [])).toBe(0);
    expect(await all()).toEqual([]);
  });

  it('refuses a row whose length is not the number of columns, naming the table', async () => {
    const { db, all } = await notesDatabase(databaseId);
    await expect(copyRows(db, 'notes', ['id', 'body'], [[1, 'a'], [2]])).rejects.toThrow(
      'copyRows into notes: a row has 1 values for 2 columns',
    );
    expect(await all()).toEqual([]);
  });

  it('fails like an insert on a duplicate key, rolls its transaction back and leaves the connection usable', async () => {
    const { db, all } = await notesDatabase(databaseId);
    await copyRows(db, 'notes', ['id', 'body'], [[1, 'kept']]);
    await expect(
      db.transaction().execute(async (trx) => {
        await copyRows(trx, 'notes', ['id', 'body'], [[2, 'new']]);
        await copyRows(
          trx,
          'notes',
          ['id', 'body'],
          [
            [3, 'new'],
            [1, 'duplicate'],
          ],
        );
      }),
    ).rejects.toThrow(/duplicate key value violates unique constraint/);
    expect(await all()).toEqual([{ id: 1, body: 'kept', at: null }]);
    await copyRows(db, 'notes', ['id', 'body'], [[2, 'after']]);
    expect((await all()).map((row) => row.body)).toEqual(['kept', 'after']);
  });

  it('writes into the plugin schema in schema mode (the connection search path)', async () => {
    const { db, all } = await notesDatabase(databaseId, { pluginDivisionMode: 'schema' });
    await copyRows(db, 'notes', ['id', 'body'], [[7, 'in the schema']]);
    expect(await all()).toEqual([{ id: 7, body: 'in the schema', at: null }]);
    const { rows } = await sql<{
      schema: string;
    }>`select table_schema as schema from information_schema.tables
      where table_name = 'notes'`.execute(db);
    expect(rows.map((row) => row.schema)).toEqual([expect.stringMatching(/notes$/)]);
  });

  it('refuses COPY data that is not an array of Buffers', async () => {
    const { db } = await notesDatabase(databaseId);
    const statement = `${COPY_FROM_STDIN_MARKER} copy "notes" ("id") from stdin`;
    await expect(db.executeQuery(CompiledQuery.raw(statement, ['1\n']))).rejects.toThrow(
      'A COPY FROM STDIN statement takes its data as one array of Buffers',
    );
  });
});
