import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseConfigSchema } from './database-config.js';
import { resolvePluginDatabaseSettings } from './plugin-database-settings.js';

const settingsFor = (config: unknown, pluginId = 'catalog') =>
  resolvePluginDatabaseSettings(databaseConfigSchema.parse(config), pluginId);

describe('resolvePluginDatabaseSettings', () => {
  it('defaults to one SQLite file per plugin in ./data named <prefix><pluginId>.sqlite', () => {
    expect(settingsFor({})).toMatchObject({
      client: 'sqlite',
      filename: resolve('data', 'greenroom_catalog.sqlite'),
    });
  });

  it('accepts sqlite3 as an alias of better-sqlite3', () => {
    expect(settingsFor({ client: 'sqlite3', connection: ':memory:' })).toMatchObject({
      client: 'sqlite',
      filename: ':memory:',
    });
  });

  it('rejects a SQLite file name in favour of a directory', () => {
    expect(() => settingsFor({ connection: 'catalog.db' })).toThrow(
      "backend.database.connection is 'catalog.db', but SQLite takes ':memory:' or { directory: ./data }",
    );
  });

  it('names the plugin database <prefix><pluginId> and connects to the postgres database for DDL', () => {
    const settings = settingsFor({ client: 'pg', connection: 'postgres://app:pw@db.internal:6543/postgres' });
    expect(settings).toMatchObject({
      client: 'pg',
      mode: 'database',
      adminDatabase: 'postgres',
      server: 'db.internal:6543',
      connection: {
        host: 'db.internal',
        port: 6543,
        user: 'app',
        password: 'pw',
        database: 'greenroom_catalog',
        application_name: 'greenroom_catalog',
      },
    });
  });

  it('uses the prefix so that environments sharing a server stay apart', () => {
    const settings = settingsFor({ client: 'pg', connection: { host: 'db' }, prefix: 'greenroom_uat_' });
    expect(settings).toMatchObject({ connection: { database: 'greenroom_uat_catalog' } });
  });

  it('in schema mode puts every plugin in the configured database, in schema <prefix><pluginId>', () => {
    const settings = settingsFor({
      client: 'pg',
      pluginDivisionMode: 'schema',
      connection: { host: 'db', database: 'portal' },
    });
    expect(settings).toMatchObject({
      mode: 'schema',
      schema: 'greenroom_catalog',
      connection: { database: 'portal' },
    });
  });

  it('merges a plugin connection object over the base one and lets it pin the database name', () => {
    const settings = settingsFor({
      client: 'pg',
      connection: { host: 'db', user: 'app', password: 'pw' },
      plugin: { catalog: { connection: { user: 'catalog', database: 'catalog_main' }, ensureExists: false } },
    });
    expect(settings).toMatchObject({
      connection: { host: 'db', user: 'catalog', password: 'pw', database: 'catalog_main' },
      ensureExists: false,
      configKey: 'backend.database.plugin.catalog.connection',
    });
  });

  it('does not merge the base connection when the plugin uses another client', () => {
    const settings = settingsFor({
      client: 'pg',
      connection: { host: 'db' },
      plugin: { catalog: { client: 'better-sqlite3', connection: ':memory:' } },
    });
    expect(settings).toMatchObject({ client: 'sqlite', filename: ':memory:' });
  });

  it('leaves other plugins on the base settings', () => {
    const config = { client: 'pg', connection: { host: 'db' }, plugin: { catalog: { prefix: 'x_' } } };
    expect(settingsFor(config, 'scaffolder')).toMatchObject({
      connection: { database: 'greenroom_scaffolder' },
    });
    expect(settingsFor(config, 'catalog')).toMatchObject({ connection: { database: 'x_catalog' } });
  });

  it('rejects PostgreSQL settings under a SQLite client', () => {
    expect(() => settingsFor({ connection: { host: 'db' } })).toThrow(
      'backend.database.connection has PostgreSQL settings (host) but the client is SQLite',
    );
  });

  it('rejects names PostgreSQL would truncate', () => {
    expect(() => settingsFor({ client: 'pg', prefix: `p${'x'.repeat(39)}` }, `a${'-b'.repeat(12)}`)).toThrow(
      'is longer than 63 bytes',
    );
  });
});
