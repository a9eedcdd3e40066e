import { copyRows } from '@greenroom/backend-plugin-api';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadSqlite } from './load-sqlite.js';
import { withStatementCache } from './sqlite-database.js';

describe('withStatementCache', () => {
  const open = (size?: number) => {
    const raw = new (loadSqlite())(':memory:');
    const prepared: string[] = [];
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((text: string) => {
      prepared.push(text);
      return prepare(text);
    }) as typeof raw.prepare;
    return { raw, prepared, cached: withStatementCache(raw, size) };
  };

  it('prepares a statement once and reuses it for the same text', () => {
    const { prepared, cached } = open();
    const first = cached.prepare('select ? as n');
    expect(first.all([1])).toEqual([{ n: 1 }]);
    expect(cached.prepare('select ? as n')).toBe(first);
    expect(cached.prepare('select ? as n').all([2])).toEqual([{ n: 2 }]);
    expect(prepared).toEqual(['select ? as n']);
  });

  it('gives a fresh statement while the cached one is still iterating', () => {
    const { cached } = open();
    const text = 'select value from json_each(?)';
    const statement = cached.prepare(text);
    const outer = statement.iterate(['[1,2]']);
    expect(outer.next().value).toEqual({ value: 1 });
    const inner = cached.prepare(text);
    expect(inner).not.toBe(statement);
    expect(inner.all(['[7]'])).toEqual([{ value: 7 }]);
    expect([...outer]).toEqual([{ value: 2 }]);
    // Done iterating: the cached statement is free again.
    expect(cached.prepare(text)).toBe(statement);
  });

  it('drops the least recently used statement beyond its size', () => {
    const { prepared, cached } = open(2);
    cached.prepare('select 1');
    cached.prepare('select 2');
    cached.prepare('select 1');
    cached.prepare('select 3');
    cached.prepare('select 1');
    cached.prepare('select 2');
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
  });

  it('runs Kysely queries and sees schema changes made after a statement was cached', async () => {
    const { cached } = open();
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: cached }) });
    await sql`create table t (a integer)`.execute(db);
    await db.insertInto('t').values({ a: 1 }).execute();
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ a: 1 }]);
    await sql`alter table t add column b text`.execute(db);
    await db.insertInto('t').values({ a: 2 }).execute();
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([
      { a: 1, b: null },
      { a: 2, b: null },
    ]);
    await db.destroy();
  });

  it('refuses copyRows, which is PostgreSQL only, saying what to do instead', async () => {
    const { cached } = open();
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: cached }) });
    await sql`create table t (a integer)`.execute(db);
    await expect(copyRows(db, 't', ['a'], [[1]])).rejects.toThrow(
      'copyRows is for PostgreSQL only; on SQLite, insert the rows with multi-row values',
    );
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([]);
    await db.destroy();
  });
});
