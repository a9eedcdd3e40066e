/**
 * Where a cache keeps its values: full keys (already namespaced) to serialised
 * values, each with a time to live. The memory and Redis stores implement it; one
 * store is shared by every plugin's cache.
 *
 * @example
 * await store.set('greenroom:catalog:etag', '"abc"', 60_000);
 * await store.get('greenroom:catalog:etag'); // '"abc"'
 */
export interface CacheStore {
  get(key: string): Promise<string | undefined>;
  /** Stores a value for `ttl` milliseconds (a positive integer). */
  set(key: string, value: string, ttl: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every key that starts with `prefix` (used by tests and tooling). */
  clear(prefix: string): Promise<void>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}
