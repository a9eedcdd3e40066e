/** Options of {@link LookupBatcher}. */
export interface LookupBatcherOptions<K, V> {
  /**
   * Looks up several distinct keys in one call and answers one value per key, in the
   * order of `keys`. Called with at most `maxBatch` keys.
   */
  lookup: (keys: readonly K[]) => Promise<readonly V[]>;
  /** Most keys per `lookup` call (default 100); a turn with more makes several calls at once. */
  maxBatch?: number;
}

interface Waiter<V> {
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

/**
 * Answers the single-key lookups made during one turn of the event loop with one call
 * that looks up all of them. Requests read in the same turn (sixteen concurrent
 * `by-name` reads, say) then cost one database statement instead of sixteen: less
 * work per request for the database and the driver, and fewer connections held.
 *
 * A lookup waits at most until the end of the current turn (one `setImmediate`), so it
 * never sees older data than a direct query made when it was asked. Keys are compared
 * as `Map` keys (use strings or numbers); a key asked twice in one turn is looked up
 * once. When a call fails, its callers get the error, and the next turn starts afresh.
 *
 * @example
 * const byRef = new LookupBatcher({ lookup: (refs) => findEntitiesByRefs(db, refs) });
 * const [a, b] = await Promise.all([byRef.load('component:default/a'), byRef.load('api:default/b')]);
 */
export class LookupBatcher<K, V> {
  readonly #lookup: (keys: readonly K[]) => Promise<readonly V[]>;
  readonly #maxBatch: number;
  #waiting = new Map<K, Waiter<V>[]>();

  constructor(options: LookupBatcherOptions<K, V>) {
    this.#lookup = options.lookup;
    this.#maxBatch = options.maxBatch ?? 100;
    if (!Number.isInteger(this.#maxBatch) || this.#maxBatch < 1) {
      throw new RangeError(`maxBatch must be a positive integer, got ${this.#maxBatch}`);
    }
  }

  /** The value for `key`, looked up together with every other key asked in this turn. */
  load(key: K): Promise<V> {
    return new Promise((resolve, reject) => {
      if (this.#waiting.size === 0) setImmediate(() => this.#flush());
      const waiters = this.#waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.#waiting.set(key, [{ resolve, reject }]);
    });
  }

  #flush(): void {
    const waiting = [...this.#waiting];
    this.#waiting = new Map();
    for (let start = 0; start < waiting.length; start += this.#maxBatch) {
      void this.#answer(waiting.slice(start, start + this.#maxBatch));
    }
  }

  async #answer(batch: readonly (readonly [K, Waiter<V>[]])[]): Promise<void> {
    try {
      const values = await this.#lookup(batch.map(([key]) => key));
      if (values.length !== batch.length) {
        throw new Error(`A batched lookup of ${batch.length} keys answered ${values.length} values`);
      }
      batch.forEach(([, waiters], index) => {
        for (const waiter of waiters) waiter.resolve(values[index] as V);
      });
    } catch (error) {
      for (const [, waiters] of batch) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
