import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TestDatabases } from '@greenroom/test-utils';
import { type Kysely, type Migration, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseConfigSchema } from './database-config.js';
import { DatabaseManager } from './database-manager.js';
import { RecordingLogger } from './test-support.js';

const databases = TestDatabases.create();

const managers: DatabaseManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.destroy()));
});

function createManager(config: Record<string, unknown>, logger = new RecordingLogger()): DatabaseManager {
  const manager = new DatabaseManager(databaseConfigSchema.parse(config), { logger });
  managers.push(manager);
  return manager;
}

const createThings: Migration = {
  up: (db) => db.schema.createTable('things').addColumn('name', 'varchar(100)').execute(),
};

async function tableNames(db: Kysely<any>): Promise<string[]> {
  return (await db.introspection.getTables()).map((table) => table.name).sort();
}

describe.each(databases.eachSupportedId())('DatabaseManager on %s', (databaseId) => {
  it("gives each plugin its own database: one plugin cannot see another's tables", async () => {
    const manager = createManager(await databases.createConfig(databaseId));
    const catalog = await manager.forPlugin('catalog').getClient();
    await catalog.schema.createTable('things').addColumn('name', 'varchar(100)').execute();
    await catalog.insertInto('things').values({ name: 'from catalog' }).execute();

    const scaffolder = await manager.forPlugin('scaffolder').getClient();
    await expect(scaffolder.selectFrom('things').selectAll().execute()).rejects.toThrow(/things/);
    await scaffolder.schema.createTable('things').addColumn('name', 'varchar(100)').execute();
    expect(await scaffolder.selectFrom('things').selectAll().execute()).toEqual([]);
  });

  it('keeps environments that share a server apart by prefix', async () => {
    const base = await databases.createConfig(databaseId);
    const prefix = (base.prefix as string | undefined) ?? '';
    const dev = await createManager({ ...base, prefix: `${prefix}dev_` })
      .forPlugin('catalog')
      .getClient();
    const uat = await createManager({ ...base, prefix: `${prefix}uat_` })
      .forPlugin('catalog')
      .getClient();
    await dev.schema.createTable('dev_only').addColumn('id', 'integer').execute();
    expect(await tableNames(uat)).toEqual([]);
  });

  it('returns the same service for the same plugin, and reports the dialect', async () => {
    const manager = createManager(await databases.createConfig(databaseId));
    const service = manager.forPlugin('catalog');
    expect(manager.forPlugin('catalog')).toBe(service);
    expect(service.dialect).toBe(databaseId === 'SQLITE' ? 'sqlite' : 'postgres');
  });

  it('applies pending migrations in name order, each once', async () => {
    const manager = createManager(await databases.createConfig(databaseId));
    const service = manager.forPlugin('catalog');
    const record = (name: string): Migration => ({
      up: async (db) => {
        await db.insertInto('steps').values({ name }).execute();
      },
    });
    const first = {
      '20260102_second': record('second'),
      '20260101_first': {
        up: async (db: Kysely<any>) => {
          await db.schema.createTable('steps').addColumn('name', 'varchar(100)').execute();
          await db.insertInto('steps').values({ name: 'first' }).execute();
        },
      },
    };
    await service.migrate(first);
    await service.migrate({ ...first, '20260103_third': record('third') });
    const db = await service.getClient();
    const steps = await db.selectFrom('steps').select('name').execute();
    expect(steps.map((step) => step.name)).toEqual(['first', 'second', 'third']);
    expect(await tableNames(db)).toContain('greenroom_migrations');
  });

  it('names the plugin and the migration when a migration fails', async () => {
    const manager = createManager(await databases.createConfig(databaseId));
    const migrate = manager.forPlugin('catalog').migrate({
      '20260101_init': createThings,
      '20260102_broken': {
        up: async (db) => {
          await db.insertInto('no_such_table').values({ id: 1 }).execute();
        },
      },
    });
    await expect(migrate).rejects.toThrow(
      /^Migration '20260102_broken' of plugin 'catalog' failed: .*no_such_table/,
    );
  });

  it('skips migrations when skipMigrations is set, for all plugins or one', async () => {
    const base = await databases.createConfig(databaseId);
    const all = createManager({ ...base, skipMigrations: true });
    await all.forPlugin('catalog').migrate({ '20260101_init': createThings });
    expect(await tableNames(await all.forPlugin('catalog').getClient())).toEqual([]);

    const one = createManager({ ...base, plugin: { search: { skipMigrations: true } } });
    await one.forPlugin('search').migrate({ '20260101_init': createThings });
    await one.forPlugin('scaffolder').migrate({ '20260101_init': createThings });
    expect(await tableNames(await one.forPlugin('search').getClient())).toEqual([]);
    expect(await tableNames(await one.forPlugin('scaffolder').getClient())).toContain('things');
  });

  it('applies per-plugin overrides of the connection', async () => {
    const base = await databases.createConfig(databaseId);
    if (databaseId === 'SQLITE') {
      const manager = createManager({ ...base, plugin: { search: { connection: ':memory:' } } });
      await (await manager.forPlugin('search').getClient()).schema
        .createTable('t')
        .addColumn('id', 'integer')
        .execute();
      await manager.forPlugin('catalog').getClient();
      const files = (await readdir(base.connection.directory)).filter((file) => file.endsWith('.sqlite'));
      expect(files).toEqual(['greenroom_catalog.sqlite']);
    } else {
      const pinned = `${base.prefix}pinned`;
      const manager = createManager({ ...base, plugin: { search: { connection: { database: pinned } } } });
      const db = await manager.forPlugin('search').getClient();
      const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
      expect(rows[0]!.name).toBe(pinned);
    }
  });
});

describe.each(databases.eachSupportedId().filter((id) => id === 'SQLITE'))(
  'DatabaseManager on %s files',
  (databaseId) => {
    it('stores each plugin in <directory>/<prefix><pluginId>.sqlite, creating the directory', async () => {
      const base = await databases.createConfig(databaseId);
      const directory = join(base.connection.directory, 'nested', 'data');
      const manager = createManager({ ...base, connection: { directory }, prefix: 'dev_' });
      await manager.forPlugin('catalog').getClient();
      await manager.forPlugin('tech-insights').getClient();
      const files = (await readdir(directory)).filter((file) => file.endsWith('.sqlite'));
      expect(files.sort()).toEqual(['dev_catalog.sqlite', 'dev_tech-insights.sqlite']);
    });

    it('opens files in WAL mode with foreign keys enforced and a busy timeout', async () => {
      const db = await createManager(await databases.createConfig(databaseId))
        .forPlugin('catalog')
        .getClient();
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBeGreaterThan(0);
    });

    it("gives each plugin a private database with ':memory:'", async () => {
      const manager = createManager({ client: 'better-sqlite3', connection: ':memory:' });
      const catalog = await manager.forPlugin('catalog').getClient();
      await catalog.schema.createTable('things').addColumn('name', 'text').execute();
      expect(await tableNames(await manager.forPlugin('scaffolder').getClient())).toEqual([]);
      expect(await tableNames(catalog)).toEqual(['things']);
    });

    it('fails clearly after destroy', async () => {
      const manager = createManager({ client: 'better-sqlite3', connection: ':memory:' });
      const db = await manager.forPlugin('catalog').getClient();
      await manager.destroy();
      await expect(db.selectFrom('x').selectAll().execute()).rejects.toThrow();
      await expect(manager.forPlugin('search').getClient()).rejects.toThrow(
        'The database manager was destroyed: the backend is shutting down',
      );
    });
  },
);
