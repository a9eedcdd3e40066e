import type { PostgresPool } from 'kysely';
import type pg from 'pg';
import { ConnectionWaiter } from './connection-waiter.js';
import { loadPg } from './load-pg.js';
import { type ConnectionTarget, PooledConnection } from './pooled-connection.js';

/** Options of {@link SharedPostgresPool}; see `backend.database.pool`. */
export interface SharedPostgresPoolOptions {
  /** Most connections open at once, across every database of the server. */
  max: number;
  /** Close a connection idle this long (0 = never). */
  idleTimeoutMillis: number;
  /** Fail an acquire that waited this long. */
  connectionTimeoutMillis: number;
  /** Names the server in errors, e.g. `db.internal:5432`. */
  server: string;
}

/** Opening one connection gives up after this long, so startup retries stay quick on a silent host. */
const MAX_CONNECT_MILLIS = 10_000;

/**
 * One connection budget for a whole PostgreSQL server. PostgreSQL connections
 * belong to one database, so in `database` division mode each plugin database needs
 * its own connections; this pool keeps them all under one `max`: an acquire takes an
 * idle connection of its database, else opens one while fewer than `max` are open,
 * else closes the least recently used idle connection of another database to make
 * room, else waits in line (FIFO). A slot is only given back once its connection has
 * fully closed, so the number of open connections never exceeds `max`.
 *
 * @example
 * const shared = new SharedPostgresPool({ max: 10, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 60_000, server: 'localhost:5432' });
 * const db = new Kysely({ dialect: new PostgresDialect({ pool: shared.forDatabase({ host: 'localhost', database: 'greenroom_catalog' }) }) });
 */
export class SharedPostgresPool {
  readonly #options: SharedPostgresPoolOptions;
  readonly #targets = new Map<string, ConnectionTarget>();
  readonly #connections = new Set<PooledConnection>();
  #waiters: ConnectionWaiter[] = [];
  /** Connections open or opening; never above `max`. */
  #open = 0;
  /** Connections being closed; each will free a slot. */
  #closing = 0;
  #releases = 0;
  #ending = false;
  #onDrained?: () => void;

  constructor(options: SharedPostgresPoolOptions) {
    this.#options = Object.freeze({ ...options });
  }

  /**
   * A Kysely `PostgresPool` for one database that draws on this budget. Its `end()`
   * does nothing: the owner of the shared pool closes it. Options:
   * - `searchPath`: the schema unqualified names resolve in. Pools of the same
   *   database share connections whatever their search path; a connection gets
   *   `SET search_path` only when it moves to a pool with another one.
   * - `keepIdle: false`: close connections on release (short-lived admin work).
   */
  forDatabase(
    config: pg.ClientConfig,
    options: { keepIdle?: boolean; searchPath?: string } = {},
  ): PostgresPool {
    const keepIdle = options.keepIdle ?? true;
    const key = JSON.stringify([config, keepIdle]);
    let target = this.#targets.get(key);
    if (!target) {
      target = { config: { ...config }, idle: [], keepIdle };
      this.#targets.set(key, target);
    }
    const chosen = target;
    const { searchPath } = options;
    return {
      connect: async () => {
        const connection = await this.#acquire(chosen);
        if (searchPath !== undefined) {
          try {
            await connection.useSearchPath(searchPath);
          } catch (error) {
            connection.broken = true;
            this.#release(connection);
            throw error;
          }
        }
        return connection.lease;
      },
      end: async () => {},
    };
  }

  /** Counts for monitoring and tests. */
  stats(): { open: number; idle: number; waiting: number } {
    let idle = 0;
    for (const target of this.#targets.values()) idle += target.idle.length;
    return { open: this.#open, idle, waiting: this.#waiters.length };
  }

  /**
   * Stops handing out connections, closes idle ones, and waits for the ones in use
   * to be released, forcing them closed after `graceMillis`.
   */
  async end(graceMillis = 5000): Promise<void> {
    this.#ending = true;
    for (const waiter of this.#waiters.splice(0)) waiter.fail(new Error(this.#closedMessage()));
    for (const connection of this.#connections) if (!connection.checkedOut) this.#close(connection);
    if (this.#open === 0) return;
    const drained = new Promise<void>((resolve) => {
      this.#onDrained = resolve;
    });
    const force = setTimeout(() => {
      for (const connection of this.#connections) this.#close(connection);
    }, graceMillis);
    await drained;
    clearTimeout(force);
  }

  #acquire(target: ConnectionTarget): Promise<PooledConnection> {
    if (this.#ending) return Promise.reject(new Error(this.#closedMessage()));
    const waiter = new ConnectionWaiter(target, this.#options.connectionTimeoutMillis, (timedOut) => {
      this.#waiters = this.#waiters.filter((w) => w !== timedOut);
      const { connectionTimeoutMillis, server, max } = this.#options;
      return new Error(
        `Timed out after ${connectionTimeoutMillis} ms waiting for a PostgreSQL connection to ${server}: all ${max} connections (backend.database.pool.max, shared by all plugins) are busy`,
      );
    });
    this.#waiters.push(waiter);
    this.#dispatch();
    return waiter.promise;
  }

  /** Serves waiters: idle connections of their own database first, then new slots (FIFO), then eviction. */
  #dispatch(): void {
    for (let i = 0; i < this.#waiters.length; ) {
      const waiter = this.#waiters[i]!;
      const idle = waiter.target.idle.pop();
      if (idle) {
        this.#waiters.splice(i, 1);
        clearTimeout(idle.idleTimer);
        this.#give(waiter, idle);
      } else {
        i++;
      }
    }
    while (this.#waiters.length > 0 && this.#open < this.#options.max) {
      this.#openFor(this.#waiters.shift()!);
    }
    while (this.#closing < this.#waiters.length) {
      const victim = this.#leastRecentlyUsedIdle();
      if (!victim) break;
      this.#close(victim);
    }
  }

  /** Takes a slot now, so that `max` holds while the connection opens. */
  #openFor(waiter: ConnectionWaiter): void {
    this.#open++;
    this.#connect(waiter.target).then(
      (connection) => {
        this.#connections.add(connection);
        if (this.#ending) this.#close(connection);
        else if (waiter.settled) this.#release(connection);
        else this.#give(waiter, connection);
      },
      (error: Error) => {
        waiter.fail(error);
        this.#open--;
        this.#afterSlotFreed();
      },
    );
  }

  /** Opens one connection; the driver is loaded by the first one. */
  async #connect(target: ConnectionTarget): Promise<PooledConnection> {
    const pg = await loadPg();
    const connection = new PooledConnection(pg, target, {
      connectTimeoutMillis: Math.min(this.#options.connectionTimeoutMillis, MAX_CONNECT_MILLIS),
      onRelease: (released) => this.#release(released),
      onBroken: (broken) => {
        if (!broken.checkedOut) this.#close(broken);
      },
    });
    try {
      await connection.connect();
    } catch (error) {
      connection.end();
      throw error;
    }
    return connection;
  }

  #give(waiter: ConnectionWaiter, connection: PooledConnection): void {
    connection.checkedOut = true;
    if (!waiter.give(connection)) this.#release(connection);
  }

  #release(connection: PooledConnection): void {
    if (!connection.checkedOut || connection.closed) return;
    connection.checkedOut = false;
    if (connection.broken || this.#ending || !connection.target.keepIdle) {
      this.#close(connection);
      return;
    }
    connection.idleSince = ++this.#releases;
    connection.target.idle.push(connection);
    if (this.#options.idleTimeoutMillis > 0) {
      connection.idleTimer = setTimeout(() => this.#close(connection), this.#options.idleTimeoutMillis);
      connection.idleTimer.unref();
    }
    this.#dispatch();
  }

  #leastRecentlyUsedIdle(): PooledConnection | undefined {
    // Each idle list is in release order, so its first entry is its oldest.
    let oldest: PooledConnection | undefined;
    for (const target of this.#targets.values()) {
      const candidate = target.idle[0];
      if (candidate && (!oldest || candidate.idleSince < oldest.idleSince)) oldest = candidate;
    }
    return oldest;
  }

  #close(connection: PooledConnection): void {
    if (connection.closed) return;
    connection.closed = true;
    clearTimeout(connection.idleTimer);
    const idle = connection.target.idle;
    const index = idle.indexOf(connection);
    if (index >= 0) idle.splice(index, 1);
    this.#connections.delete(connection);
    this.#closing++;
    connection.end().then(() => {
      this.#closing--;
      this.#open--;
      this.#afterSlotFreed();
    });
  }

  #afterSlotFreed(): void {
    if (this.#ending) {
      if (this.#open === 0) this.#onDrained?.();
      return;
    }
    this.#dispatch();
  }

  #closedMessage(): string {
    return `The PostgreSQL connection pool for ${this.#options.server} is closed: the backend is shutting down`;
  }
}
