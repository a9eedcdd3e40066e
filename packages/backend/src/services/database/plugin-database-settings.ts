import { resolve } from 'node:path';
import { InputError } from '@greenroom/errors';
import type pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { ConnectionConfig, DatabaseConfig } from './database-config.js';

/** Where one plugin's SQLite database lives. */
export interface SqlitePluginSettings {
  client: 'sqlite';
  pluginId: string;
  /** `:memory:` or the absolute path of `<directory>/<prefix><pluginId>.sqlite`. */
  filename: string;
  skipMigrations: boolean;
  /** The config key the connection came from, for error messages. */
  configKey: string;
}

/** Where one plugin's PostgreSQL database or schema lives. */
export interface PostgresPluginSettings {
  client: 'pg';
  pluginId: string;
  mode: 'database' | 'schema';
  /** Connection settings of the plugin's database (the shared one in schema mode). */
  connection: pg.ClientConfig & { database: string };
  /** Schema mode: the plugin's schema. */
  schema?: string;
  /** The database DDL (`CREATE DATABASE`) connects to. */
  adminDatabase: string;
  ensureExists: boolean;
  skipMigrations: boolean;
  configKey: string;
  /** `host:port`: plugins with the same server share one connection budget. */
  server: string;
}

export type PluginDatabaseSettings = SqlitePluginSettings | PostgresPluginSettings;

type ConnectionObject = Exclude<ConnectionConfig, string>;

/** Postgres identifiers are at most 63 bytes; longer names are silently truncated by the server. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * Works out where a plugin's data lives from `backend.database`, applying the
 * `plugin.<pluginId>` overrides: a plugin `connection` object is merged over the base
 * one unless the client differs, and its `database` pins the plugin's database name.
 *
 * @example
 * resolvePluginDatabaseSettings(config, 'catalog');
 * // { client: 'pg', mode: 'database', connection: { database: 'greenroom_catalog', … }, … }
 */
export function resolvePluginDatabaseSettings(
  config: DatabaseConfig,
  pluginId: string,
): PluginDatabaseSettings {
  const baseClient = normalizeClient(config.client);
  const override = config.plugin[pluginId];
  const client = normalizeClient(override?.client ?? config.client);
  const sameClient = client === baseClient;
  const prefix = override?.prefix ?? config.prefix;
  const skipMigrations = override?.skipMigrations ?? config.skipMigrations;
  const configKey = override?.connection
    ? `backend.database.plugin.${pluginId}.connection`
    : 'backend.database.connection';

  if (client === 'sqlite') {
    const connection = sameClient ? (override?.connection ?? config.connection) : override?.connection;
    return {
      client,
      pluginId,
      filename: sqliteFilename(connection, prefix, pluginId, configKey),
      skipMigrations,
      configKey,
    };
  }

  const base = sameClient ? toPostgresObject(config.connection, 'backend.database.connection') : {};
  const own = toPostgresObject(override?.connection, configKey);
  const merged = { ...base, ...own };
  const mode = sameClient ? config.pluginDivisionMode : 'database';
  // In schema mode the base database is the shared one, which may itself need creating.
  const adminDatabase = mode === 'schema' ? 'postgres' : (base.database ?? 'postgres');
  const database = mode === 'schema' ? (merged.database ?? 'postgres') : (own.database ?? prefix + pluginId);
  const schema = mode === 'schema' ? prefix + pluginId : undefined;
  for (const name of [database, schema]) {
    if (name !== undefined && Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES) {
      throw new InputError(
        `The database name '${name}' of plugin '${pluginId}' is longer than ${MAX_IDENTIFIER_BYTES} bytes; shorten backend.database.prefix`,
      );
    }
  }
  const { directory: _ignored, ...pgFields } = merged;
  return {
    client,
    pluginId,
    mode,
    connection: {
      ...pgFields,
      database,
      application_name:
        merged.application_name ?? (mode === 'schema' ? 'greenroom' : `greenroom_${pluginId}`),
    } as pg.ClientConfig & { database: string },
    ...(schema ? { schema } : {}),
    adminDatabase,
    ensureExists: override?.ensureExists ?? config.ensureExists,
    skipMigrations,
    configKey,
    server: `${merged.host ?? 'localhost'}:${merged.port ?? 5432}`,
  };
}

function normalizeClient(client: DatabaseConfig['client']): 'sqlite' | 'pg' {
  return client === 'pg' ? 'pg' : 'sqlite';
}

function sqliteFilename(
  connection: ConnectionConfig | undefined,
  prefix: string,
  pluginId: string,
  configKey: string,
): string {
  if (connection === ':memory:') return ':memory:';
  if (typeof connection === 'string') {
    throw new InputError(
      `${configKey} is '${connection}', but SQLite takes ':memory:' or { directory: ./data } (one file per plugin)`,
    );
  }
  const extra = Object.keys(connection ?? {}).filter((key) => key !== 'directory');
  if (extra.length > 0) {
    throw new InputError(
      `${configKey} has PostgreSQL settings (${extra.join(', ')}) but the client is SQLite; set client: pg or use { directory }`,
    );
  }
  return resolve(connection?.directory ?? './data', `${prefix}${pluginId}.sqlite`);
}

function toPostgresObject(connection: ConnectionConfig | undefined, configKey: string): ConnectionObject {
  if (connection === undefined) return {};
  if (typeof connection === 'object') {
    if (connection.directory !== undefined) {
      throw new InputError(`${configKey}.directory is a SQLite setting, but the client is 'pg'`);
    }
    return connection;
  }
  if (connection === ':memory:') {
    throw new InputError(`${configKey} is ':memory:', a SQLite setting, but the client is 'pg'`);
  }
  const parsed = parseConnectionString(connection);
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && value !== undefined && value !== '') result[key] = value;
  }
  if (typeof result.port === 'string') result.port = Number(result.port);
  return result as ConnectionObject;
}
