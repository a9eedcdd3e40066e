import { REUSE_PLAN_MARKER, reusePlan } from '@greenroom/backend-plugin-api';
import { TestDatabases } from '@greenroom/test-utils';
import { type Kysely, type Migration, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseConfigSchema } from './database-config.js';
import { DatabaseManager } from './database-manager.js';
import { MAX_PREPARED_STATEMENTS } from './pooled-connection.js';
import { RecordingLogger } from './test-support.js';

const databases = TestDatabases.create({ ids: ['POSTGRES'] });

const managers: DatabaseManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.destroy()));
});

function createManager(config: Record<string, unknown>): DatabaseManager {
  const manager = new DatabaseManager(databaseConfigSchema.parse(config), { logger: new RecordingLogger() });
  managers.push(manager);
  return manager;
}

const createThings: Migration = {
  up: (db) => db.schema.createTable('things').addColumn('name', 'varchar(100)').execute(),
};

async function count(db: Kysely<any>, query: ReturnType<typeof sql<{ n: string }>>): Promise<number> {
  return Number((await query.execute(db)).rows[0]!.n);
}

/** The statements prepared on the connection that runs this query (pool.max 1: the only one). */
async function preparedStatements(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements
    order by prepare_time, name`.execute(db);
  return rows.map((row) => row.statement);
}

describe.each(databases.eachSupportedId())('DatabaseManager on %s', (databaseId) => {
  describe("pluginDivisionMode 'schema'", () => {
    const schemaConfig = async (): Promise<Record<string, any>> => ({
      ...(await databases.createConfig(databaseId)),
      pluginDivisionMode: 'schema',
    });

    it("puts each plugin in its own schema of one database, invisible to the others' query builders", async () => {
      const config = await schemaConfig();
      const manager = createManager(config);
      const catalog = manager.forPlugin('catalog');
      const search = manager.forPlugin('search');
      await catalog.migrate({ '20260101_init': createThings });
      const catalogDb = await catalog.getClient();
      await catalogDb.insertInto('things').values({ name: 'catalog thing' }).execute();

      const searchDb = await search.getClient();
      await expect(searchDb.selectFrom('things').selectAll().execute()).rejects.toThrow(/things/);
      await search.migrate({ '20260101_init': createThings });
      expect(await searchDb.selectFrom('things').selectAll().execute()).toEqual([]);

      const { rows } = await sql<{ schema: string; table: string }>`
        select table_schema as schema, table_name as table from information_schema.tables
        where table_schema like ${`${config.prefix}%`} order by 1, 2`.execute(catalogDb);
      expect(rows).toEqual(
        ['catalog', 'search'].flatMap((plugin) =>
          ['greenroom_migrations', 'greenroom_migrations_lock', 'things'].map((table) => ({
            schema: `${config.prefix}${plugin}`,
            table,
          })),
        ),
      );
    });

    /** Plugins `catalog` and `search` on one connection, each with `things` named as given (raw SQL). */
    async function twoPluginsOnOneConnection(names: (pluginId: string) => string[]) {
      const manager = createManager({ ...(await schemaConfig()), pool: { max: 1 } });
      const plugins = ['catalog', 'search'];
      for (const id of plugins) {
        await manager.forPlugin(id).migrate({ '20260101_init': createThings });
        const db = await manager.forPlugin(id).getClient();
        const rows = names(id).map((name) => sql`(${name})`);
        await sql`insert into things (name) values ${sql.join(rows)}`.execute(db);
      }
      return { manager, plugins };
    }

    it("resolves raw SQL in the plugin's schema too, even on a connection another plugin used last", async () => {
      const { manager, plugins } = await twoPluginsOnOneConnection((id) => [id]);
      for (const id of [...plugins, ...plugins]) {
        const db = await manager.forPlugin(id).getClient();
        const { rows } = await sql<{ name: string }>`select name from things`.execute(db);
        expect(rows).toEqual([{ name: id }]);
      }
    });

    it("prepares a statement marked with reusePlan once per schema, each run reading its plugin's table", async () => {
      const { manager, plugins } = await twoPluginsOnOneConnection((id) => [id, `${id} 2`]);
      const lookup = (db: Kysely<any>, name: string) =>
        sql<{ name: string }>`${reusePlan}select name from things where name = ${name}`.execute(db);
      for (const id of [...plugins, ...plugins]) {
        const db = await manager.forPlugin(id).getClient();
        expect((await lookup(db, id)).rows).toEqual([{ name: id }]);
        expect((await lookup(db, `${id} 2`)).rows).toEqual([{ name: `${id} 2` }]);
        expect((await lookup(db, plugins.find((other) => other !== id)!)).rows).toEqual([]);
      }
      const text = `${REUSE_PLAN_MARKER} select name from things where name = $1`;
      expect(await preparedStatements(await manager.forPlugin('catalog').getClient())).toEqual([text, text]);
    });

    it('fails clearly when the schema is missing and ensureExists is false', async () => {
      const config = await schemaConfig();
      const manager = createManager({ ...config, ensureExists: false });
      await expect(manager.forPlugin('catalog').getClient()).rejects.toThrow(
        `Schema '${config.prefix}catalog' of plugin 'catalog' does not exist in database '${config.prefix.slice(0, -1)}'`,
      );
    });

    it('lets two instances create the same schemas at the same time', async () => {
      const config = await schemaConfig();
      const plugins = ['catalog', 'search', 'scaffolder'];
      const [first, second] = [createManager(config), createManager(config)];
      await Promise.all(
        plugins.flatMap((id) => [first.forPlugin(id).getClient(), second.forPlugin(id).getClient()]),
      );
    });
  });

  describe("pluginDivisionMode 'database'", () => {
    it('fails clearly when the database is missing and ensureExists is false', async () => {
      const config = await databases.createConfig(databaseId);
      const manager = createManager({ ...config, ensureExists: false });
      await expect(manager.forPlugin('catalog').getClient()).rejects.toThrow(
        `Database '${config.prefix}catalog' of plugin 'catalog' does not exist on 127.0.0.1:5432, and backend.database.ensureExists is false`,
      );
    });

    it('uses an existing database when ensureExists is false', async () => {
      const config = await databases.createConfig(databaseId);
      await createManager(config).forPlugin('catalog').getClient();
      const db = await createManager({ ...config, ensureExists: false })
        .forPlugin('catalog')
        .getClient();
      expect(await count(db, sql<{ n: string }>`select 1 as n`)).toBe(1);
    });

    it('lets two instances create the same databases at the same time', async () => {
      const config = await databases.createConfig(databaseId);
      const [first, second] = [createManager(config), createManager(config)];
      await Promise.all(
        ['catalog', 'search'].flatMap((id) => [
          first.forPlugin(id).getClient(),
          second.forPlugin(id).getClient(),
        ]),
      );
    });

    it('keeps the connections of all plugin databases within one pool.max', async () => {
      const config = await databases.createConfig(databaseId);
      const base = new URL(config.connection).pathname.slice(1);
      const manager = createManager({ ...config, pool: { max: 3 } });
      const plugins = ['catalog', 'search', 'scaffolder', 'techdocs', 'kubernetes'];
      const clients = await Promise.all(plugins.map((id) => manager.forPlugin(id).getClient()));
      const seen = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          count(
            clients[i % clients.length]!,
            sql<{
              n: string;
            }>`select count(*) as n from pg_stat_activity where starts_with(datname, ${base})`,
          ),
        ),
      );
      expect(Math.max(...seen)).toBeLessThanOrEqual(3);
    });
  });

  it('runs two instances migrating one database together, applying each migration once', async () => {
    const config = await databases.createConfig(databaseId);
    const migrations: Record<string, Migration> = {
      '20260101_init': {
        up: async (db) => {
          await db.schema.createTable('runs').addColumn('name', 'text').execute();
          await sql`select pg_sleep(0.05)`.execute(db);
          await db.insertInto('runs').values({ name: 'init' }).execute();
        },
      },
      '20260102_more': {
        up: async (db) => {
          await db.insertInto('runs').values({ name: 'more' }).execute();
        },
      },
    };
    const [first, second] = [createManager(config), createManager(config)];
    await Promise.all([
      first.forPlugin('catalog').migrate(migrations),
      second.forPlugin('catalog').migrate(migrations),
    ]);
    const db = await first.forPlugin('catalog').getClient();
    expect((await db.selectFrom('runs').select('name').orderBy('name').execute()).map((r) => r.name)).toEqual(
      ['init', 'more'],
    );
    expect(await count(db, sql<{ n: string }>`select count(*) as n from greenroom_migrations`)).toBe(2);
  });

  it('rolls back the whole run when a migration fails', async () => {
    const manager = createManager(await databases.createConfig(databaseId));
    const service = manager.forPlugin('catalog');
    await expect(
      service.migrate({
        '20260101_init': createThings,
        '20260102_broken': { up: (db) => sql`select * from missing`.execute(db).then(() => {}) },
      }),
    ).rejects.toThrow(
      `Migration '20260102_broken' of plugin 'catalog' failed: relation "missing" does not exist`,
    );
    const db = await service.getClient();
    expect((await db.introspection.getTables()).map((table) => table.name)).not.toContain('things');
  });

  it(`prepares only statements marked with reusePlan, at most ${MAX_PREPARED_STATEMENTS} per connection`, async () => {
    const manager = createManager({ ...(await databases.createConfig(databaseId)), pool: { max: 1 } });
    const db = await manager.forPlugin('catalog').getClient();
    await sql`select ${1}::int as n`.execute(db);
    // A text per i, each run with two values.
    const add = (value: number, i: number) =>
      sql<{ n: number }>`${reusePlan}select ${value}::int + ${sql.lit(i)} as n`.execute(db);
    for (let i = 0; i < MAX_PREPARED_STATEMENTS + 5; i++) {
      for (const value of [i, i + 1]) expect((await add(value, i)).rows).toEqual([{ n: value + i }]);
    }
    const prepared = await preparedStatements(db);
    expect(prepared).toHaveLength(MAX_PREPARED_STATEMENTS);
    expect(prepared[0]).toBe(`${REUSE_PLAN_MARKER} select $1::int + 0 as n`);
    expect(prepared.at(-1)).toBe(`${REUSE_PLAN_MARKER} select $1::int + ${MAX_PREPARED_STATEMENTS - 1} as n`);
  });

  it('names each connection greenroom_<pluginId> in pg_stat_activity', async () => {
    const manager = createManager(await databases.createConfig(databaseId));
    const db = await manager.forPlugin('tech-insights').getClient();
    const { rows } = await sql<{ name: string }>`select current_setting('application_name') as name`.execute(
      db,
    );
    expect(rows[0]!.name).toBe('greenroom_tech-insights');
  });
});
