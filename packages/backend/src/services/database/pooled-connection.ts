import { COPY_FROM_STDIN_MARKER, REUSE_PLAN_MARKER } from '@greenroom/backend-plugin-api';
import type { PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { PgModule } from './load-pg.js';

/** The part of pg's connection a `COPY … FROM STDIN` writes its data with (untyped in @types/pg). */
interface CopyInConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** Most statements marked with `reusePlan` that one connection keeps prepared. */
export const MAX_PREPARED_STATEMENTS = 100;

/** One database (one distinct connection config) served by a shared pool, with its idle connections. */
export interface ConnectionTarget {
  readonly config: pg.ClientConfig;
  /** Idle connections in release order: the first has been idle longest. */
  readonly idle: PooledConnection[];
  /** false: close connections on release instead of keeping them idle. */
  readonly keepIdle: boolean;
}

/**
 * One physical PostgreSQL connection of a `SharedPostgresPool`, with the state the
 * pool needs. `lease` is what Kysely sees: the same object for the connection's whole
 * life, whose `release()` hands the connection back to the pool.
 *
 * @example
 * const connection = new PooledConnection(await loadPg(), target, { connectTimeoutMillis: 10_000, onRelease, onBroken });
 * await connection.connect();
 */
export class PooledConnection {
  readonly client: pg.Client;
  readonly target: ConnectionTarget;
  readonly lease: PostgresPoolClient;
  checkedOut = true;
  /** The server dropped it or a query on it failed at the connection level. */
  broken = false;
  closed = false;
  /** Increases with every release: a smaller value was idle longer. */
  idleSince = 0;
  idleTimer?: NodeJS.Timeout;
  readonly #pg: PgModule;
  #searchPath?: string;
  /** Names of the marked statements prepared on this connection, by search path and text. */
  readonly #prepared = new Map<string, string>();

  constructor(
    pg: PgModule,
    target: ConnectionTarget,
    options: {
      connectTimeoutMillis: number;
      onRelease(connection: PooledConnection): void;
      onBroken(connection: PooledConnection): void;
    },
  ) {
    this.#pg = pg;
    this.target = target;
    this.client = new pg.Client({ ...target.config, connectionTimeoutMillis: options.connectTimeoutMillis });
    this.lease = {
      query: ((query: string | pg.Submittable, values?: unknown[]) =>
        this.#query(query, values)) as PostgresPoolClient['query'],
      release: () => options.onRelease(this),
    };
    const markBroken = () => {
      this.broken = true;
      options.onBroken(this);
    };
    // Without an 'error' listener, a dropped idle connection would crash the process.
    this.client.on('error', markBroken);
    this.client.on('end', markBroken);
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  /** Points unqualified names at `schema`, unless this connection already does. */
  async useSearchPath(schema: string): Promise<void> {
    if (this.#searchPath === schema) return;
    await this.client.query(`SET search_path TO ${this.#pg.escapeIdentifier(schema)}`);
    this.#searchPath = schema;
  }

  /**
   * Runs a query as Kysely asks. A statement starting with `REUSE_PLAN_MARKER` runs as a
   * named statement: pg parses it on this connection the first time, then only binds.
   * The name depends on the search path, since the server resolves table names once.
   * A statement starting with `COPY_FROM_STDIN_MARKER` (from `copyRows`) is a
   * `COPY … FROM STDIN` whose one value is the data, as Buffers.
   */
  #query(query: string | pg.Submittable, values?: unknown[]): unknown {
    if (typeof query !== 'string') return this.client.query(query);
    if (query.startsWith(COPY_FROM_STDIN_MARKER)) return this.#copyFromStdin(query, values?.[0]);
    if (!query.startsWith(REUSE_PLAN_MARKER)) return this.client.query(query, values);
    const key = `${this.#searchPath ?? ''}\n${query}`;
    let name = this.#prepared.get(key);
    if (name === undefined && this.#prepared.size < MAX_PREPARED_STATEMENTS) {
      name = `greenroom_${this.#prepared.size}`;
      this.#prepared.set(key, name);
    }
    return this.client.query(name === undefined ? query : { name, text: query }, values);
  }

  /**
   * Runs `COPY … FROM STDIN` with the simple protocol: when the server asks for the
   * data, every chunk goes as one CopyData message, then CopyDone. A failure (a
   * constraint, a bad value) rejects like any statement.
   */
  #copyFromStdin(text: string, data: unknown): Promise<pg.QueryResult> {
    if (!Array.isArray(data) || !data.every((chunk) => Buffer.isBuffer(chunk))) {
      return Promise.reject(
        new TypeError('A COPY FROM STDIN statement takes its data as one array of Buffers'),
      );
    }
    return new Promise((resolve, reject) => {
      const query = new this.#pg.Query(text, (error: Error | undefined, result: pg.QueryResult) =>
        error ? reject(error) : resolve(result),
      );
      Object.assign(query, {
        handleCopyInResponse(connection: CopyInConnection) {
          for (const chunk of data as Buffer[]) connection.sendCopyFromChunk(chunk);
          connection.endCopyFrom();
        },
      });
      this.client.query(query);
    });
  }

  /** Closes the connection; resolves once it is closed and never rejects. */
  end(): Promise<void> {
    return this.client.end().catch(() => {});
  }
}
