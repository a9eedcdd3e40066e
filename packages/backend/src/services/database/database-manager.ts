import type { Config, DatabaseService, Logger } from '@greenroom/backend-plugin-api';
import type { Kysely } from 'kysely';
import { type DatabaseConfig, databaseConfigSchema } from './database-config.js';
import { PluginDatabase } from './plugin-database.js';
import { resolvePluginDatabaseSettings } from './plugin-database-settings.js';
import { PostgresServer } from './postgres-server.js';
import type { SharedPostgresPool } from './shared-postgres-pool.js';
import { openSqliteDatabase } from './sqlite-database.js';

/**
 * Owns every plugin database of one backend. Design:
 *
 * - **One connection pool per PostgreSQL server** (`host:port`), shared by all
 *   plugins: `backend.database.pool.max` bounds the connections open to that server
 *   in total, not per plugin (see {@link SharedPostgresPool}).
 *   - `schema` mode: all plugins share the same connections to one database. Each
 *     plugin gets its own Kysely instance over that pool (so one plugin calling
 *     `destroy()` cannot break the others), bound to its schema with `withSchema`
 *     and a per-checkout `search_path` (caveats on {@link PluginDatabase}).
 *   - `database` mode: a connection belongs to one database, so the pool keeps
 *     connections per plugin database under the one budget, and closes the least
 *     recently used idle connection of another database when a plugin needs room.
 *   - DDL (`CREATE DATABASE`) uses a short-lived admin connection from the same
 *     budget, to `postgres` (or the base `connection.database` in database mode).
 *   - Connections are named `greenroom_<pluginId>` (`greenroom` in schema mode,
 *     `greenroom_admin` for DDL) in `pg_stat_activity`.
 * - **SQLite**: one connection per plugin, to `<directory>/<prefix><pluginId>.sqlite`
 *   (WAL, busy timeout, foreign keys on) or a private `:memory:` database.
 * - Startup: the first plugin to reach a server retries with backoff
 *   (`connectRetries`); plugins starting meanwhile wait for its verdict.
 * - `destroy()` (a root shutdown hook) closes every SQLite file and pool.
 *
 * @example
 * const manager = DatabaseManager.fromConfig(config, { logger });
 * const database = manager.forPlugin('catalog');
 * await database.migrate(migrations);
 * await manager.destroy();
 */
export class DatabaseManager {
  readonly #config: DatabaseConfig;
  readonly #logger: Logger;
  readonly #services = new Map<string, PluginDatabase>();
  readonly #servers = new Map<string, PostgresServer>();
  readonly #sqlite: Kysely<any>[] = [];
  #destroyed = false;

  /** Reads `backend.database` (all keys optional). */
  static fromConfig(config: Config, options: { logger: Logger }): DatabaseManager {
    const parsed = config.has('backend.database')
      ? config.read('backend.database', databaseConfigSchema)
      : databaseConfigSchema.parse({});
    return new DatabaseManager(parsed, options);
  }

  constructor(config: DatabaseConfig, options: { logger: Logger }) {
    this.#config = config;
    this.#logger = options.logger;
  }

  /**
   * The database service of one plugin; the same instance for the same id. The
   * plugin's logger, when given, receives its migration messages.
   */
  forPlugin(pluginId: string, options: { logger?: Logger } = {}): DatabaseService {
    const existing = this.#services.get(pluginId);
    if (existing) return existing;
    const settings = resolvePluginDatabaseSettings(this.#config, pluginId);
    const open = async (): Promise<Kysely<any>> => {
      this.#assertOpen();
      if (settings.client === 'sqlite') {
        const db = openSqliteDatabase(settings);
        this.#sqlite.push(db);
        return db;
      }
      return this.#server(settings.server).openPlugin(settings);
    };
    const service = new PluginDatabase(
      settings,
      open,
      options.logger ?? this.#logger.child({ plugin: pluginId }),
    );
    this.#services.set(pluginId, service);
    return service;
  }

  /** Closes every SQLite database and PostgreSQL connection; the services stop working. */
  async destroy(): Promise<void> {
    this.#destroyed = true;
    const sqlite = this.#sqlite.splice(0);
    const servers = [...this.#servers.values()];
    this.#servers.clear();
    await Promise.all([...sqlite.map((db) => db.destroy()), ...servers.map((server) => server.end())]);
  }

  #server(name: string): PostgresServer {
    let server = this.#servers.get(name);
    if (!server) {
      server = new PostgresServer({
        server: name,
        pool: this.#config.pool,
        retry: this.#config.connectRetries,
        logger: this.#logger,
      });
      this.#servers.set(name, server);
    }
    return server;
  }

  #assertOpen(): void {
    if (this.#destroyed) {
      throw new Error('The database manager was destroyed: the backend is shutting down');
    }
  }
}
