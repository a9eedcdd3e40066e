import type { CacheService, Logger, Milliseconds } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import type { CacheStore } from './cache-store.js';

/** Keys longer than this are refused; hash long inputs (URLs, queries) into a key. */
export const MAX_CACHE_KEY_LENGTH = 1024;
const WARNING_INTERVAL_MS = 30_000;

/** Options for {@link DefaultCacheService}. */
export interface DefaultCacheServiceOptions {
  store: CacheStore;
  /** Put in front of every key, e.g. `greenroom:catalog:`. */
  namespace: string;
  defaultTtl: Milliseconds;
  /** Told when the store fails; reads then miss instead of failing. */
  logger?: Logger;
}

/**
 * A plugin's cache: JSON values under namespaced keys in a shared store.
 *
 * A cache outage must not break requests: when the store fails, `get` answers
 * `undefined` (a miss) and `set` does nothing, each with a warning (at most every
 * 30 s). `delete` does throw, because a lost invalidation would serve stale data once
 * the store is back. Bad keys, values and TTLs always throw `InputError`.
 *
 * @example
 * const cache = new DefaultCacheService({ store, namespace: 'greenroom:catalog:', defaultTtl: 3_600_000 });
 * await cache.set('etag:a', '"v1"', { ttl: 60_000 });
 */
export class DefaultCacheService implements CacheService {
  readonly #options: DefaultCacheServiceOptions;
  /** Shared with `withOptions` views so that they throttle warnings together. */
  readonly #warnings: { lastAt: number };

  constructor(options: DefaultCacheServiceOptions, warnings = { lastAt: 0 }) {
    validateTtl(options.defaultTtl, 'defaultTtl');
    this.#options = options;
    this.#warnings = warnings;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const fullKey = this.#key(key);
    let raw: string | undefined;
    try {
      raw = await this.#options.store.get(fullKey);
    } catch (error) {
      this.#warn(`Cache read of '${key}' failed; treating it as a miss`, error);
      return undefined;
    }
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch (error) {
      this.#warn(`Cache value of '${key}' is not valid JSON; treating it as a miss`, error);
      return undefined;
    }
  }

  async set(key: string, value: unknown, options: { ttl?: Milliseconds } = {}): Promise<void> {
    const fullKey = this.#key(key);
    const ttl = options.ttl ?? this.#options.defaultTtl;
    validateTtl(ttl, 'ttl');
    const raw = serialize(key, value);
    try {
      await this.#options.store.set(fullKey, raw, Math.ceil(ttl));
    } catch (error) {
      this.#warn(`Cache write of '${key}' failed; the value is not cached`, error);
    }
  }

  async delete(key: string): Promise<void> {
    await this.#options.store.delete(this.#key(key));
  }

  withOptions(options: { defaultTtl?: Milliseconds }): CacheService {
    const defaultTtl = options.defaultTtl ?? this.#options.defaultTtl;
    return new DefaultCacheService({ ...this.#options, defaultTtl }, this.#warnings);
  }

  #key(key: string): string {
    if (typeof key !== 'string' || key.length === 0)
      throw new InputError('A cache key must be a non-empty string');
    if (key.length > MAX_CACHE_KEY_LENGTH) {
      throw new InputError(
        `Cache key '${key.slice(0, 40)}…' is ${key.length} characters long; the limit is ${MAX_CACHE_KEY_LENGTH}. Hash long keys first`,
      );
    }
    return this.#options.namespace + key;
  }

  #warn(message: string, error: unknown): void {
    const now = Date.now();
    if (now - this.#warnings.lastAt < WARNING_INTERVAL_MS) return;
    this.#warnings.lastAt = now;
    this.#options.logger?.warn(message, { error });
  }
}

function validateTtl(ttl: unknown, name: string): void {
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) {
    throw new InputError(`Cache ${name} must be a positive number of milliseconds, got ${String(ttl)}`);
  }
}

function serialize(key: string, value: unknown): string {
  let raw: string | undefined;
  try {
    raw = JSON.stringify(value, (_name, item: unknown) => {
      if (typeof item === 'function' || typeof item === 'symbol') {
        throw new TypeError(`a ${typeof item} cannot be stored`);
      }
      return item;
    });
  } catch (error) {
    throw new InputError(
      `Cache value for '${key}' is not JSON-serialisable: ${(error as Error).message}`,
      error,
    );
  }
  if (raw === undefined) {
    throw new InputError(`Cache value for '${key}' is undefined; use delete() to remove a value`);
  }
  return raw;
}
