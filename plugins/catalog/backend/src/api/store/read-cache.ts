import { stableHash } from '../../shared/stable-hash.js';

/** Options of {@link ReadCache}. */
export interface ReadCacheOptions {
  /** The catalog generation; an entry is valid only while it is unchanged. */
  generation: () => number;
  /** Most entries kept; the least recently used go first (default 500). */
  maxEntries?: number;
  /**
   * Oldest an entry may be, whatever the generation (default 60 s). Each entry expires
   * at a random point of the last quarter of that age, so entries made together are not
   * all computed again at the same moment.
   */
  maxAgeMs?: number;
  now?: () => number;
  /** A number in [0, 1) (default `Math.random`): where in the last quarter an entry expires. */
  random?: () => number;
}

interface Entry {
  generation: number;
  expiresAt: number;
  promise: Promise<unknown>;
  settled: boolean;
  value?: unknown;
}

/**
 * An in-process LRU cache of computed reads (counts, facets, estimates), keyed by a
 * stable hash of a JSON description of the read. An entry is served only while the
 * catalog generation it was computed at is current and it is younger than `maxAgeMs`:
 * the generation follows every committed change (this process's at once, other
 * instances' through the stored generation); the age is a backstop for writers that do
 * not count it up. Concurrent requests for a missing entry share one computation; a
 * failed one is not kept.
 *
 * @example
 * const cache = new ReadCache({ generation: () => changes.generation });
 * const total = await cache.get({ count: filter }, () => countMatches(db, dialect, plan));
 */
export class ReadCache {
  readonly #entries = new Map<string, Entry>();
  readonly #generation: () => number;
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(options: ReadCacheOptions) {
    this.#generation = options.generation;
    this.#maxEntries = options.maxEntries ?? 500;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  /** The cached value for `description`, computing (and caching) it when missing or stale. */
  get<T>(description: unknown, compute: () => Promise<T>): Promise<T> {
    const key = stableHash(description);
    const entry = this.#valid(key);
    if (entry) return entry.promise as Promise<T>;
    const created: Entry = {
      generation: this.#generation(),
      expiresAt: this.#now() + this.#maxAgeMs * (1 - this.#random() / 4),
      promise: Promise.resolve(),
      settled: false,
    };
    created.promise = compute().then(
      (value) => {
        created.settled = true;
        created.value = value;
        return value;
      },
      (error: unknown) => {
        if (this.#entries.get(key) === created) this.#entries.delete(key);
        throw error;
      },
    );
    this.#entries.set(key, created);
    if (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return created.promise as Promise<T>;
  }

  /** The cached value for `description` if one is computed and valid; never computes. */
  peek<T>(description: unknown): T | undefined {
    const entry = this.#valid(stableHash(description));
    return entry?.settled ? (entry.value as T) : undefined;
  }

  /** Number of entries held (valid or not yet evicted). */
  get size(): number {
    return this.#entries.size;
  }

  #valid(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== this.#generation() || this.#now() > entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    // Re-inserting moves the entry to the most recently used end.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }
}
