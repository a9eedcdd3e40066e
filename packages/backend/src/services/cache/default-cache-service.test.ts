import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '@greenroom/errors';
import { TestCaches } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { MAX_CACHE_KEY_LENGTH } from './default-cache-service.js';

const caches = TestCaches.create();

describe.each(caches.eachSupportedId())('cache service on %s', (cacheId) => {
  it('stores, reads and deletes JSON values', async () => {
    const { createCache } = await caches.init(cacheId);
    const cache = createCache('my-plugin');
    const value = { name: 'a', tags: ['x'], count: 2, nested: { ok: true, none: null } };

    await cache.set('entity', value);
    expect(await cache.get('entity')).toEqual(value);
    await cache.set('flag', false);
    expect(await cache.get('flag')).toBe(false);

    await cache.delete('entity');
    expect(await cache.get('entity')).toBeUndefined();
    expect(await cache.get('flag')).toBe(false);
  });

  it('answers undefined for a key that was never set', async () => {
    const { createCache } = await caches.init(cacheId);
    expect(await createCache('my-plugin').get('missing')).toBeUndefined();
  });

  it('returns copies, so changing a read value does not change the cache', async () => {
    const { createCache } = await caches.init(cacheId);
    const cache = createCache('my-plugin');
    await cache.set('list', [1]);
    const read = await cache.get<number[]>('list');
    read!.push(2);
    expect(await cache.get('list')).toEqual([1]);
  });

  it('forgets values once their TTL has passed', async () => {
    const { createCache } = await caches.init(cacheId);
    const cache = createCache('my-plugin');
    await cache.set('short', 'v', { ttl: 100 });
    await cache.set('long', 'v', { ttl: 60_000 });
    await sleep(300);
    expect(await cache.get('short')).toBeUndefined();
    expect(await cache.get('long')).toBe('v');
  });

  it('applies the default TTL of a withOptions view, over the same values', async () => {
    const { createCache } = await caches.init(cacheId);
    const cache = createCache('my-plugin');
    const shortLived = cache.withOptions({ defaultTtl: 100 });
    await shortLived.set('brief', 1);
    await cache.set('lasting', 2);
    expect(await cache.get('brief')).toBe(1);
    expect(await shortLived.get('lasting')).toBe(2);

    await sleep(300);
    expect(await cache.get('brief')).toBeUndefined();
    expect(await shortLived.get('lasting')).toBe(2);
  });

  it('keeps the values of different plugins apart', async () => {
    const { createCache } = await caches.init(cacheId);
    const catalog = createCache('catalog');
    const scaffolder = createCache('scaffolder');
    await catalog.set('key', 'catalog value');
    await scaffolder.set('key', 'scaffolder value');
    await scaffolder.delete('key');

    expect(await catalog.get('key')).toBe('catalog value');
    expect(await scaffolder.get('key')).toBeUndefined();
  });

  it("stores keys as '<prefix><pluginId>:<key>'", async () => {
    const { createCache, store, keyPrefix } = await caches.init(cacheId);
    await createCache('catalog').set('etag', '"v1"');
    expect(await store.get(`${keyPrefix}catalog:etag`)).toBe('"\\"v1\\""');
  });

  it('refuses undefined and values JSON cannot represent', async () => {
    const { createCache } = await caches.init(cacheId);
    const cache = createCache('my-plugin');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    await expect(cache.set('k', undefined)).rejects.toThrow(
      new InputError("Cache value for 'k' is undefined; use delete() to remove a value"),
    );
    for (const value of [cyclic, 10n, { fn: () => 1 }, Symbol('s')]) {
      await expect(cache.set('k', value)).rejects.toThrow(/Cache value for 'k' is not JSON-serialisable/);
    }
  });

  it('refuses empty and overlong keys', async () => {
    const { createCache } = await caches.init(cacheId);
    const cache = createCache('my-plugin');
    await expect(cache.get('')).rejects.toBeInstanceOf(InputError);
    await expect(cache.set('x'.repeat(MAX_CACHE_KEY_LENGTH + 1), 1)).rejects.toThrow(/Hash long keys first/);
    await expect(cache.set('x'.repeat(MAX_CACHE_KEY_LENGTH), 1)).resolves.toBeUndefined();
  });

  it('refuses TTLs that are not positive numbers of milliseconds', async () => {
    const { createCache } = await caches.init(cacheId);
    const cache = createCache('my-plugin');
    for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(cache.set('k', 1, { ttl })).rejects.toThrow(/must be a positive number of milliseconds/);
    }
    expect(() => cache.withOptions({ defaultTtl: 0 })).toThrow(InputError);
  });
});
