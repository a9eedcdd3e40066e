import type { Logger } from '@greenroom/backend-plugin-api';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DatabaseConfig } from './database-config.js';
import { loadPg, type PgModule } from './load-pg.js';
import type { PostgresPluginSettings } from './plugin-database-settings.js';
import { SharedPostgresPool } from './shared-postgres-pool.js';
import { isUnreachable, type RetryPolicy, withStartupRetries } from './startup-retry.js';

/** SQLSTATEs of "it already exists", raised when two instances create the same thing at once. */
const ALREADY_EXISTS = new Set(['42P04', '42P06', '23505']);

/**
 * One PostgreSQL server: its shared connection pool, the startup wait until it is
 * reachable, and the creation of plugin databases and schemas.
 *
 * @example
 * const server = new PostgresServer({ server: 'localhost:5432', pool, retry, logger });
 * const db = await server.openPlugin(settings);
 */
export class PostgresServer {
  readonly pool: SharedPostgresPool;
  readonly #name: string;
  readonly #retry: RetryPolicy;
  readonly #logger: Logger;
  #reachable?: Promise<void>;

  constructor(options: { server: string; pool: DatabaseConfig['pool']; retry: RetryPolicy; logger: Logger }) {
    this.#name = options.server;
    this.#retry = options.retry;
    this.#logger = options.logger;
    this.pool = new SharedPostgresPool({ ...options.pool, server: options.server });
  }

  /**
   * A Kysely instance on the plugin's database (bound to its schema in schema mode),
   * creating the database or schema first when `ensureExists` allows it.
   */
  async openPlugin(settings: PostgresPluginSettings): Promise<Kysely<any>> {
    const pg = await loadPg();
    const db = new Kysely<any>({
      dialect: new PostgresDialect({
        pool: this.pool.forDatabase(
          settings.connection,
          settings.schema ? { searchPath: settings.schema } : {},
        ),
      }),
    });
    const exists = await this.#whenReachable(settings, () =>
      sql`select 1`.execute(db).then(
        () => true,
        (error) => {
          if (error instanceof pg.DatabaseError && error.code === '3D000') return false;
          throw error;
        },
      ),
    );
    if (!exists) await this.#createDatabase(pg, settings);
    if (!settings.schema) return db;
    await this.#ensureSchema(pg, db, settings, settings.schema);
    return db.withSchema(settings.schema);
  }

  /** Closes every connection to this server. */
  end(): Promise<void> {
    return this.pool.end();
  }

  /** The first caller retries until the server answers; later callers wait for that verdict. */
  async #whenReachable<T>(settings: PostgresPluginSettings, attempt: () => Promise<T>): Promise<T> {
    if (this.#reachable) {
      await this.#reachable;
      return attempt();
    }
    const verdict = deferred();
    this.#reachable = verdict.promise;
    try {
      const result = await withStartupRetries(attempt, this.#retry, {
        logger: this.#logger,
        server: this.#name,
        configKey: settings.configKey,
      });
      verdict.resolve();
      return result;
    } catch (error) {
      if (isUnreachable(error)) {
        this.#reachable = undefined;
        verdict.reject(error);
      } else {
        verdict.resolve();
      }
      throw error;
    }
  }

  async #createDatabase(pg: PgModule, settings: PostgresPluginSettings): Promise<void> {
    const name = settings.connection.database;
    if (!settings.ensureExists) {
      throw new Error(
        `Database '${name}' of plugin '${settings.pluginId}' does not exist on ${this.#name}, and backend.database.ensureExists is false. Create the database, or set ensureExists: true (the user then needs the CREATEDB privilege)`,
      );
    }
    const admin = this.pool.forDatabase(
      { ...settings.connection, database: settings.adminDatabase, application_name: 'greenroom_admin' },
      { keepIdle: false },
    );
    const client = await admin.connect();
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`, []);
      this.#logger.info(`Created database '${name}' for plugin '${settings.pluginId}' on ${this.#name}`);
    } catch (error) {
      if (error instanceof pg.DatabaseError && ALREADY_EXISTS.has(error.code ?? '')) return;
      throw new Error(
        `Could not create database '${name}' for plugin '${settings.pluginId}' on ${this.#name} (via database '${settings.adminDatabase}'): ${(error as Error).message}. Create it yourself, or grant the user CREATEDB`,
        { cause: error },
      );
    } finally {
      client.release();
    }
  }

  async #ensureSchema(
    pg: PgModule,
    db: Kysely<any>,
    settings: PostgresPluginSettings,
    schema: string,
  ): Promise<void> {
    const { rows } = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (rows.length > 0) return;
    if (!settings.ensureExists) {
      throw new Error(
        `Schema '${schema}' of plugin '${settings.pluginId}' does not exist in database '${settings.connection.database}' on ${this.#name}, and backend.database.ensureExists is false. Create the schema, or set ensureExists: true`,
      );
    }
    try {
      await db.schema.createSchema(schema).ifNotExists().execute();
      this.#logger.info(`Created schema '${schema}' for plugin '${settings.pluginId}' on ${this.#name}`);
    } catch (error) {
      if (error instanceof pg.DatabaseError && ALREADY_EXISTS.has(error.code ?? '')) return;
      throw error;
    }
  }
}

function deferred(): { promise: Promise<void>; resolve(): void; reject(error: unknown): void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
