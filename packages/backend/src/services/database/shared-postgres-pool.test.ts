import { randomBytes } from 'node:crypto';
import { TestDatabases } from '@greenroom/test-utils';
import type { PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SharedPostgresPool, type SharedPostgresPoolOptions } from './shared-postgres-pool.js';

const databases = TestDatabases.create({ ids: ['POSTGRES'] });

describe.each(databases.eachSupportedId())('SharedPostgresPool on %s', (databaseId) => {
  let urls: string[] = [];
  const pools: SharedPostgresPool[] = [];

  beforeAll(async () => {
    urls = await Promise.all(
      [1, 2, 3].map(async () => (await databases.createConfig(databaseId)).connection),
    );
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });

  function createPool(options: Partial<SharedPostgresPoolOptions> = {}) {
    const pool = new SharedPostgresPool({
      max: 2,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: 30_000,
      server: '127.0.0.1:5432',
      ...options,
    });
    pools.push(pool);
    return pool;
  }

  const target = (url: string, applicationName: string): pg.ClientConfig => ({
    connectionString: url,
    application_name: applicationName,
  });

  it('never has more than max connections open across all databases of the server', async () => {
    const pool = createPool({ max: 2 });
    const tag = `pool_test_${randomBytes(4).toString('hex')}`;
    const perDatabase = urls.map((url) => pool.forDatabase(target(url, tag)));
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const client = await perDatabase[i % perDatabase.length]!.connect();
        try {
          const { rows } = await client.query<{ n: string }>(
            'select count(*) as n from pg_stat_activity where application_name = $1',
            [tag],
          );
          seen.push(Number(rows[0]!.n));
          expect(pool.stats().open).toBeLessThanOrEqual(2);
        } finally {
          client.release();
        }
      }),
    );
    expect(seen).toHaveLength(24);
    expect(Math.max(...seen)).toBeLessThanOrEqual(2);
  });

  it('closes an idle connection of another database to serve a waiting one', async () => {
    const pool = createPool({ max: 1 });
    const first = await pool.forDatabase(target(urls[0]!, 'pool_test')).connect();
    first.release();
    expect(pool.stats()).toEqual({ open: 1, idle: 1, waiting: 0 });
    const second = await pool.forDatabase(target(urls[1]!, 'pool_test')).connect();
    const { rows } = await second.query<{ db: string }>('select current_database() as db', []);
    expect(rows[0]!.db).toBe(new URL(urls[1]!).pathname.slice(1));
    expect(pool.stats()).toEqual({ open: 1, idle: 0, waiting: 0 });
    second.release();
  });

  it('reuses an idle connection of the same database', async () => {
    const pool = createPool({ max: 1 });
    const forDb = pool.forDatabase(target(urls[0]!, 'pool_test'));
    const first = await forDb.connect();
    const { rows: before } = await first.query<{ pid: number }>('select pg_backend_pid() as pid', []);
    first.release();
    const second = await forDb.connect();
    const { rows: after } = await second.query<{ pid: number }>('select pg_backend_pid() as pid', []);
    expect(after[0]!.pid).toBe(before[0]!.pid);
    second.release();
  });

  it('makes acquires beyond max wait until a connection is released', async () => {
    const pool = createPool({ max: 1 });
    const forDb = pool.forDatabase(target(urls[0]!, 'pool_test'));
    const held = await forDb.connect();
    let served: PostgresPoolClient | undefined;
    const waiting = forDb.connect().then((client) => {
      served = client;
      return client;
    });
    await until(() => pool.stats().waiting === 1);
    expect(served).toBeUndefined();
    held.release();
    (await waiting).release();
    expect(served).toBeDefined();
  });

  it('fails an acquire that waited longer than connectionTimeoutMillis, naming pool.max', async () => {
    const pool = createPool({ max: 1, connectionTimeoutMillis: 50 });
    const forDb = pool.forDatabase(target(urls[0]!, 'pool_test'));
    const held = await forDb.connect();
    await expect(forDb.connect()).rejects.toThrow(
      'Timed out after 50 ms waiting for a PostgreSQL connection to 127.0.0.1:5432: all 1 connections (backend.database.pool.max, shared by all plugins) are busy',
    );
    held.release();
  });

  it('replaces an idle connection that the server dropped', async () => {
    const pool = createPool({ max: 2 });
    const forDb = pool.forDatabase(target(urls[0]!, 'pool_test'));
    const victim = await forDb.connect();
    const { rows } = await victim.query<{ pid: number }>('select pg_backend_pid() as pid', []);
    victim.release();
    const killer = await pool.forDatabase(target(urls[1]!, 'pool_test')).connect();
    await killer.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    killer.release();
    await until(() => pool.stats().open === 1);
    const fresh = await forDb.connect();
    const { rows: again } = await fresh.query<{ one: number }>('select 1 as one', []);
    expect(again[0]!.one).toBe(1);
    fresh.release();
  });

  it('on end() closes idle connections, waits for those in use, and refuses new acquires', async () => {
    const pool = createPool({ max: 2 });
    const forDb = pool.forDatabase(target(urls[0]!, 'pool_test'));
    const idle = await forDb.connect();
    const busy = await forDb.connect();
    idle.release();
    let ended = false;
    const ending = pool.end().then(() => {
      ended = true;
    });
    await expect(forDb.connect()).rejects.toThrow('is closed: the backend is shutting down');
    await until(() => pool.stats().open === 1);
    expect(ended).toBe(false);
    busy.release();
    await ending;
    expect(pool.stats().open).toBe(0);
  });
});

/** Waits for a condition driven by I/O, without assuming how long it takes. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
