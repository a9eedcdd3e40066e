/** A duration in milliseconds. */
export type Milliseconds = number;

/**
 * A key/value cache namespaced to the plugin. Values are JSON-serialisable. The
 * store (memory or Redis) is chosen by `backend.cache.store`.
 *
 * @example
 * await cache.set('token', { value: 't' }, { ttl: 60_000 });
 * const token = await cache.get<{ value: string }>('token');
 */
export interface CacheService {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, options?: { ttl?: Milliseconds }): Promise<void>;
  delete(key: string): Promise<void>;
  /** A view of the same cache with other defaults. */
  withOptions(options: { defaultTtl?: Milliseconds }): CacheService;
}
