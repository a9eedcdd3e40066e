import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSqlite } from '@greenroom/backend';
import type { DatabaseService, Logger } from '@greenroom/backend-plugin-api';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

/** The database engines a test can run against. */
export type TestDatabaseId = 'SQLITE' | 'POSTGRES';

/** Options of {@link TestDatabases.create}. */
export interface TestDatabasesOptions {
  /** Limit the engines to these (default: all). */
  ids?: TestDatabaseId[];
}

const ALL_IDS: readonly TestDatabaseId[] = ['SQLITE', 'POSTGRES'];

/**
 * Fresh, throwaway databases for tests, on every engine that is reachable. Each
 * `init`/`createConfig` makes a new PostgreSQL database (named `greenroom_test_<random>`)
 * or SQLite place; everything is dropped in an `afterAll` registered by `create()`.
 *
 * @example
 * const databases = TestDatabases.create();
 * describe.each(databases.eachSupportedId())('%s', (databaseId) => {
 *   it('stores rows', async () => {
 *     const db = await databases.init(databaseId);
 *     await db.schema.createTable('t').addColumn('id', 'integer').execute();
 *   });
 * });
 */
export class TestDatabases {
  readonly #ids: readonly TestDatabaseId[];
  readonly #pgUrl: string;
  readonly #pgAvailable: boolean;
  readonly #cleanups: Array<() => Promise<void>> = [];

  /** Creates the helper and registers its cleanup with vitest's `afterAll`. */
  static create(options: TestDatabasesOptions = {}): TestDatabases {
    const databases = new TestDatabases(options);
    afterAll(() => databases.#cleanup());
    return databases;
  }

  private constructor(options: TestDatabasesOptions) {
    const services = inject('greenroomServices');
    this.#ids = options.ids ?? ALL_IDS;
    this.#pgUrl = services.postgres.url;
    this.#pgAvailable = services.postgres.available;
  }

  /** The ids whose engine is reachable in this run, for `describe.each`. */
  eachSupportedId(): TestDatabaseId[] {
    return this.#ids.filter((id) => id !== 'POSTGRES' || this.#pgAvailable);
  }

  /** A Kysely instance on a fresh, empty database (SQLite `:memory:` or a new PostgreSQL database). */
  async init(id: TestDatabaseId): Promise<Kysely<any>> {
    this.#assertSupported(id);
    if (id === 'SQLITE') {
      const Sqlite = loadSqlite();
      const sqlite = new Sqlite(':memory:');
      sqlite.pragma('foreign_keys = ON');
      return this.#track(new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) }));
    }
    const name = await this.#createPgDatabase();
    const url = new URL(this.#pgUrl);
    url.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: url.toString(), max: 5 });
    // Dropping the database at cleanup terminates connections that are still closing;
    // that is expected then and must not surface as an unhandled error.
    pool.on('error', (error: Error & { code?: string }) => {
      if (error.code !== '57P01') throw error;
    });
    return this.#track(new Kysely<any>({ dialect: new PostgresDialect({ pool }) }));
  }

  /**
   * A `backend.database` config block pointing at a fresh, unique place: a temp
   * directory for SQLite; for PostgreSQL a new database (the shared one in `schema`
   * mode) and a unique `prefix` for the plugin databases or schemas.
   */
  async createConfig(id: TestDatabaseId): Promise<Record<string, any>> {
    this.#assertSupported(id);
    if (id === 'SQLITE') {
      const directory = await mkdtemp(join(tmpdir(), 'greenroom-test-'));
      this.#cleanups.push(() => rm(directory, { recursive: true, force: true }));
      return { client: 'better-sqlite3', connection: { directory } };
    }
    const name = await this.#createPgDatabase();
    const url = new URL(this.#pgUrl);
    url.pathname = `/${name}`;
    this.#cleanups.push(() => this.#dropPgDatabasesWithPrefix(`${name}_`));
    return { client: 'pg', connection: url.toString(), prefix: `${name}_` };
  }

  /**
   * A real `DatabaseService` for `pluginId` (the backend's own implementation) on a
   * fresh {@link createConfig} place; closed in `afterAll`.
   */
  async createService(id: TestDatabaseId, pluginId: string): Promise<DatabaseService> {
    const config = await this.createConfig(id);
    // Loaded on demand so that tests needing only `init` do not load the backend.
    const { DatabaseManager, databaseConfigSchema } = await import('@greenroom/backend');
    const manager = new DatabaseManager(databaseConfigSchema.parse(config), { logger: silentLogger });
    this.#cleanups.unshift(() => manager.destroy());
    return manager.forPlugin(pluginId);
  }

  #assertSupported(id: TestDatabaseId) {
    if (!this.eachSupportedId().includes(id)) {
      throw new Error(
        `Test database '${id}' is not available in this run; iterate over databases.eachSupportedId() instead of naming it`,
      );
    }
  }

  #track(db: Kysely<any>): Kysely<any> {
    this.#cleanups.unshift(() => db.destroy());
    return db;
  }

  async #admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.#pgUrl });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  }

  async #createPgDatabase(): Promise<string> {
    const name = `greenroom_test_${randomBytes(6).toString('hex')}`;
    await this.#admin((client) => client.query(`CREATE DATABASE "${name}"`));
    this.#cleanups.push(() => this.#dropPgDatabase(name));
    return name;
  }

  #dropPgDatabase(name: string): Promise<void> {
    return this.#admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  }

  async #dropPgDatabasesWithPrefix(prefix: string): Promise<void> {
    const { rows } = await this.#admin((client) =>
      client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
        prefix,
      ]),
    );
    for (const { datname } of rows) await this.#dropPgDatabase(datname);
  }

  async #cleanup(): Promise<void> {
    const cleanups = this.#cleanups.splice(0);
    const errors: unknown[] = [];
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'TestDatabases cleanup failed');
  }
}

const silentLogger: Logger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};
