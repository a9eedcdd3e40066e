import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSqlite } from './load-sqlite.js';
import { MIGRATION_LEASE_TABLE, withSqliteMigrationLease } from './sqlite-migration-lease.js';

describe('withSqliteMigrationLease', () => {
  const opened: Kysely<any>[] = [];
  let dir: string | undefined;
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.destroy()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function twoConnections() {
    dir = await mkdtemp(path.join(tmpdir(), 'greenroom-lease-'));
    const file = path.join(dir, 'plugin.sqlite');
    const open = () => {
      const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new (loadSqlite())(file) }) });
      opened.push(db);
      return db;
    };
    return [open(), open()] as const;
  }

  it('lets a second holder in only after the first has finished', async () => {
    const [a, b] = await twoConnections();
    const events: string[] = [];
    let releaseFirst!: () => void;
    const first = withSqliteMigrationLease(
      a,
      async () => {
        events.push('a start');
        await new Promise<void>((resolve) => {
          releaseFirst = resolve;
        });
        events.push('a end');
      },
      { name: 'plugin', timeoutMillis: 10_000, what: 'test' },
    );
    while (events.length === 0) await new Promise((r) => setTimeout(r, 5));
    const second = withSqliteMigrationLease(b, async () => void events.push('b start'), {
      name: 'plugin',
      timeoutMillis: 10_000,
      what: 'test',
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toEqual(['a start']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['a start', 'a end', 'b start']);
  });

  it('takes over a lease whose holder stopped renewing it', async () => {
    const [a, b] = await twoConnections();
    await withSqliteMigrationLease(a, async () => {}, { name: 'plugin', timeoutMillis: 1_000, what: 'test' });
    await sql`INSERT INTO ${sql.table(MIGRATION_LEASE_TABLE)} (name, holder, expires_at) VALUES ('plugin', 'crashed', ${Date.now() - 1})`.execute(
      a,
    );
    await expect(
      withSqliteMigrationLease(b, async () => 'ran', { name: 'plugin', timeoutMillis: 1_000, what: 'test' }),
    ).resolves.toBe('ran');
  });

  it('gives up with a clear message while a live holder keeps the lease', async () => {
    const [a, b] = await twoConnections();
    await withSqliteMigrationLease(a, async () => {}, { name: 'plugin', timeoutMillis: 1_000, what: 'test' });
    await sql`INSERT INTO ${sql.table(MIGRATION_LEASE_TABLE)} (name, holder, expires_at) VALUES ('plugin', 'busy', ${Date.now() + 60_000})`.execute(
      a,
    );
    await expect(
      withSqliteMigrationLease(b, async () => {}, {
        name: 'plugin',
        timeoutMillis: 200,
        what: "the database of plugin 'x'",
      }),
    ).rejects.toThrow("waiting for another instance to finish migrating the database of plugin 'x'");
  });
});
