import type { Kysely, Migration } from 'kysely';

/** The SQL dialect behind a plugin's database. */
export type DatabaseDialect = 'sqlite' | 'postgres';

/**
 * A plugin's own database: a separate SQLite file, or a PostgreSQL database or
 * schema, always reached through the backend's one shared pool per server.
 *
 * @example
 * await database.migrate({
 *   '20260101_init': { up: (db) => db.schema.createTable('greetings').addColumn('id', 'text').execute() },
 * });
 * const db = await database.getClient<MyTables>();
 */
export interface DatabaseService {
  readonly dialect: DatabaseDialect;
  /** A Kysely instance scoped to this plugin's database or schema. */
  getClient<DB = any>(): Promise<Kysely<DB>>;
  /**
   * Runs this plugin's pending migrations (applied in name order) under a lock, so
   * that instances starting together never race. A failing migration throws an
   * error naming the plugin and the migration. Does nothing when migrations are
   * skipped by config (`backend.database.skipMigrations`).
   */
  migrate(migrations: Record<string, Migration>): Promise<void>;
}

export type { Kysely, Migration };
