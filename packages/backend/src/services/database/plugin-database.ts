import type { DatabaseDialect, DatabaseService, Logger } from '@greenroom/backend-plugin-api';
import type { Kysely, Migration } from 'kysely';
import type { PluginDatabaseSettings } from './plugin-database-settings.js';
import { runPluginMigrations } from './plugin-migrations.js';

/**
 * The {@link DatabaseService} of one plugin. Connects on first use (so startup
 * retries and "does not exist" errors surface when the plugin first asks for its
 * database) and remembers the client; a failed connect is retried on the next call.
 *
 * In schema mode the client is bound to the plugin's schema twice: Kysely's
 * `withSchema` qualifies every table the query builder names (queries, `db.schema`
 * DDL, foreign key references), and each connection handed to the plugin has its
 * `search_path` set to the schema, so raw SQL (`sql\`select * from things\``)
 * resolves there too. Caveat: this separates plugins, it does not secure them. All
 * plugins share one database user, so raw SQL naming another schema
 * (`greenroom_search.things`), or a plugin that changes `search_path` itself, reaches
 * other plugins' tables, and `db.introspection` lists every schema. Use `database`
 * mode (with per-plugin users) where plugins must not reach each other.
 *
 * @example
 * const service = new PluginDatabase(settings, async () => openSqliteDatabase(settings), logger);
 * const db = await service.getClient();
 */
export class PluginDatabase implements DatabaseService {
  readonly dialect: DatabaseDialect;
  readonly #settings: PluginDatabaseSettings;
  readonly #open: () => Promise<Kysely<any>>;
  readonly #logger: Logger;
  #client?: Promise<Kysely<any>>;

  constructor(settings: PluginDatabaseSettings, open: () => Promise<Kysely<any>>, logger: Logger) {
    this.dialect = settings.client === 'pg' ? 'postgres' : 'sqlite';
    this.#settings = settings;
    this.#open = open;
    this.#logger = logger;
  }

  getClient<DB = any>(): Promise<Kysely<DB>> {
    if (!this.#client) {
      this.#client = this.#open();
      this.#client.catch(() => {
        this.#client = undefined;
      });
    }
    return this.#client;
  }

  async migrate(migrations: Record<string, Migration>): Promise<void> {
    if (this.#settings.skipMigrations) {
      this.#logger.info(`Skipping migrations of plugin '${this.#settings.pluginId}' (skipMigrations is set)`);
      return;
    }
    const db = await this.getClient();
    await runPluginMigrations(db, migrations, {
      pluginId: this.#settings.pluginId,
      logger: this.#logger,
      dialect: this.dialect,
      ...(this.#settings.client === 'pg' && this.#settings.schema ? { schema: this.#settings.schema } : {}),
    });
  }
}
