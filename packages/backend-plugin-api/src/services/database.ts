import { type Kysely, type Migration, type RawBuilder, sql } from 'kysely';

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

/** The comment {@link reusePlan} puts first in a statement. */
export const REUSE_PLAN_MARKER = '/* reuse plan */';

/**
 * Put first in a raw statement to have PostgreSQL prepare it once per connection and
 * reuse its plan, which skips parsing and planning on every later run: a point lookup
 * then costs the server about half as much. Only for statements whose best plan does
 * not depend on the values bound: lookups by a unique key, `= any($1)` over one. A
 * statement whose text is built from input would be prepared anew for every variant:
 * each connection keeps at most 100 such statements and runs further ones as usual.
 * SQLite ignores the marker (the backend reuses its prepared statements anyway).
 *
 * @example
 * await sql`${reusePlan}select body from greetings where id = ${id}`.execute(db);
 */
export const reusePlan: RawBuilder<unknown> = sql.raw(`${REUSE_PLAN_MARKER} `);

export type { Kysely, Migration };
