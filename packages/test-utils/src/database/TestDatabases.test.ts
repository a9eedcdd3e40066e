import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { TestDatabases } from './TestDatabases.js';

const services = inject('greenroomServices');
const createdByScopedInstance: { databases: string[]; directories: string[] } = {
  databases: [],
  directories: [],
};

// Registered first, so it runs after every afterAll below (vitest runs after-hooks as a stack).
afterAll(async () => {
  for (const directory of createdByScopedInstance.directories) expect(existsSync(directory)).toBe(false);
  if (createdByScopedInstance.databases.length === 0) return;
  const client = new pg.Client({ connectionString: services.postgres.url });
  await client.connect();
  try {
    const { rows } = await client.query('select datname from pg_database where datname = any($1)', [
      createdByScopedInstance.databases,
    ]);
    expect(rows).toEqual([]);
  } finally {
    await client.end();
  }
});

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('TestDatabases on %s', (databaseId) => {
  it('init gives a fresh, empty database each time', async () => {
    const first = await databases.init(databaseId);
    await first.schema.createTable('things').addColumn('id', 'integer').execute();
    await first.insertInto('things').values({ id: 1 }).execute();
    const second = await databases.init(databaseId);
    await second.schema.createTable('things').addColumn('id', 'integer').execute();
    expect(await second.selectFrom('things').selectAll().execute()).toEqual([]);
  });

  it('createConfig points at a unique place each time', async () => {
    const a = await databases.createConfig(databaseId);
    const b = await databases.createConfig(databaseId);
    expect(a).not.toEqual(b);
    expect(a.client).toBe(databaseId === 'SQLITE' ? 'better-sqlite3' : 'pg');
  });

  it('createService gives a working DatabaseService for the plugin', async () => {
    const service = await databases.createService(databaseId, 'my-plugin');
    await service.migrate({
      '20260101_init': { up: (db) => db.schema.createTable('greetings').addColumn('text', 'text').execute() },
    });
    const db = await service.getClient();
    await db.insertInto('greetings').values({ text: 'hello' }).execute();
    expect(await db.selectFrom('greetings').select('text').execute()).toEqual([{ text: 'hello' }]);
  });
});

describe('TestDatabases cleanup', () => {
  const scoped = TestDatabases.create();

  it.each(scoped.eachSupportedId())('drops what %s tests created once the suite ends', async (databaseId) => {
    const db = await scoped.init(databaseId);
    const config = await scoped.createConfig(databaseId);
    await scoped.createService(databaseId, 'catalog').then((service) => service.getClient());
    if (databaseId === 'SQLITE') {
      createdByScopedInstance.directories.push(config.connection.directory);
      return;
    }
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
    expect(rows[0]!.name).toMatch(/^greenroom_test_[0-9a-f]{12}$/);
    const base = new URL(config.connection).pathname.slice(1);
    createdByScopedInstance.databases.push(rows[0]!.name, base, `${base}_catalog`);
  });

  it('refuses an engine that is not available in this run', async () => {
    const sqliteOnly = TestDatabases.create({ ids: ['SQLITE'] });
    expect(sqliteOnly.eachSupportedId()).toEqual(['SQLITE']);
    await expect(sqliteOnly.init('POSTGRES')).rejects.toThrow("Test database 'POSTGRES' is not available");
  });
});
