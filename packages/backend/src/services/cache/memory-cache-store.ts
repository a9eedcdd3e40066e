import type { CacheStore } from './cache-store.js';

/** Options for {@link MemoryCacheStore}. */
export interface MemoryCacheStoreOptions {
  /** The most entries kept; the least recently used go first. Default 10 000. */
  maxEntries?: number;
  /** How often expired entries are swept out, in milliseconds. Default 60 000. */
  sweepInterval?: number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * A cache store in this process's memory. Expired entries are dropped when read and
 * by a periodic sweep (a timer that does not keep the process alive); beyond
 * `maxEntries` the least recently used entry is evicted. A `Map` keeps insertion
 * order, so re-inserting on each read keeps it in LRU order.
 *
 * @example
 * const store = new MemoryCacheStore({ maxEntries: 1000 });
 * await store.set('greenroom:catalog:a', '1', 60_000);
 */
export class MemoryCacheStore implements CacheStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: MemoryCacheStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#sweeper = setInterval(() => this.sweep(), options.sweepInterval ?? 60_000);
    this.#sweeper.unref();
  }

  /** How many entries are held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= Date.now()) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttl: number): Promise<void> {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: Date.now() + ttl });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async clear(prefix: string): Promise<void> {
    for (const key of this.#entries.keys()) {
      if (key.startsWith(prefix)) this.#entries.delete(key);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#entries.clear();
  }

  /** Drops every expired entry; runs on a timer, callable directly. */
  sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(key);
    }
  }
}
