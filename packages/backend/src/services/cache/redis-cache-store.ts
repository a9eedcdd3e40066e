import type { Logger } from '@greenroom/backend-plugin-api';
import type { Redis } from 'ioredis';
import type { CacheStore } from './cache-store.js';
import { loadRedis } from './load-redis.js';

/** Options for {@link RedisCacheStore.connect}. */
export interface RedisCacheStoreOptions {
  /** A `redis://` or `rediss://` URL, possibly with a password. */
  connection: string;
  /** Told about connection trouble after startup (at most every 30 s). */
  logger?: Logger;
  /** How long connecting may take, in milliseconds. Default 5000. */
  connectTimeout?: number;
  /** How long one command may take before it fails, in milliseconds. Default 2000. */
  commandTimeout?: number;
}

const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * A cache store in Redis, shared by all plugins through one client. Values expire
 * with `PX` TTLs. Commands fail fast while the connection is down (no offline queue,
 * one retry, a command timeout) so that a Redis outage slows no request; the client
 * reconnects in the background.
 *
 * @example
 * const store = await RedisCacheStore.connect({ connection: 'redis://127.0.0.1:6379', logger });
 * await store.set('greenroom:catalog:a', '1', 60_000);
 */
export class RedisCacheStore implements CacheStore {
  readonly #client: Redis;

  /**
   * Connects and checks the connection. Throws an error naming `backend.cache.connection`
   * (without the password) when Redis cannot be reached.
   */
  static async connect(options: RedisCacheStoreOptions): Promise<RedisCacheStore> {
    const Redis = await loadRedis();
    const client = new Redis(options.connection, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: options.connectTimeout ?? 5_000,
      commandTimeout: options.commandTimeout ?? 2_000,
    });
    let connected = false;
    let lastError: Error | undefined;
    let lastLoggedAt = 0;
    client.on('error', (error: Error) => {
      lastError = error;
      if (!connected || Date.now() - lastLoggedAt < ERROR_LOG_INTERVAL_MS) return;
      lastLoggedAt = Date.now();
      options.logger?.warn('Redis cache connection failed; cache reads miss until it is back', { error });
    });
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      const reason = (lastError ?? (error as Error)).message;
      throw new Error(
        `Could not connect to Redis at ${describeUrl(options.connection)} (backend.cache.connection): ${reason}. Start Redis, correct the URL, or set backend.cache.store to 'memory'`,
        { cause: lastError ?? error },
      );
    }
    connected = true;
    return new RedisCacheStore(client);
  }

  private constructor(client: Redis) {
    this.#client = client;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#client.get(key)) ?? undefined;
  }

  async set(key: string, value: string, ttl: number): Promise<void> {
    await this.#client.set(key, value, 'PX', ttl);
  }

  async delete(key: string): Promise<void> {
    await this.#client.del(key);
  }

  async clear(prefix: string): Promise<void> {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.#client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await this.#client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    try {
      await this.#client.quit();
    } catch {
      this.#client.disconnect();
    }
  }
}

/** The URL without its password, for messages. */
function describeUrl(connection: string): string {
  try {
    const url = new URL(connection);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'the configured URL';
  }
}
