import type { ConnectionTarget, PooledConnection } from './pooled-connection.js';

/**
 * One caller waiting for a connection of a `SharedPostgresPool`, with its deadline.
 * Settles once: with a connection (`give`), or with an error (`fail`, or the
 * deadline passing, after which `onTimeout` lets the pool drop it from the queue).
 *
 * @example
 * const waiter = new ConnectionWaiter(target, 60_000, () => new Error('timed out'));
 * queue.push(waiter);
 * return waiter.promise;
 */
export class ConnectionWaiter {
  readonly target: ConnectionTarget;
  readonly promise: Promise<PooledConnection>;
  #settled = false;
  #resolve!: (connection: PooledConnection) => void;
  #reject!: (error: Error) => void;
  readonly #timer: NodeJS.Timeout;

  constructor(
    target: ConnectionTarget,
    timeoutMillis: number,
    onTimeout: (waiter: ConnectionWaiter) => Error,
  ) {
    this.target = target;
    this.promise = new Promise<PooledConnection>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#timer = setTimeout(() => this.fail(onTimeout(this)), timeoutMillis);
  }

  /** Whether the waiter already has its answer (a connection, or an error). */
  get settled(): boolean {
    return this.#settled;
  }

  /** Hands over `connection`; returns false when the waiter had already given up (keep the connection). */
  give(connection: PooledConnection): boolean {
    clearTimeout(this.#timer);
    if (this.#settled) return false;
    this.#settled = true;
    this.#resolve(connection);
    return true;
  }

  /** Rejects the waiter, unless it is already settled. */
  fail(error: Error): void {
    clearTimeout(this.#timer);
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(error);
  }
}
