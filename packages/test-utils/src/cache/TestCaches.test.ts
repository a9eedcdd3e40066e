import { describe, expect, inject, it } from 'vitest';
import { TestCaches } from './TestCaches.js';

const caches = TestCaches.create();
const memoryOnly = TestCaches.create({ ids: ['MEMORY'] });

describe('TestCaches', () => {
  it('offers Redis only when the test run can reach it', () => {
    const expected = inject('greenroomServices').redis.available ? ['MEMORY', 'REDIS'] : ['MEMORY'];
    expect(caches.eachSupportedId()).toEqual(expected);
    expect(memoryOnly.eachSupportedId()).toEqual(['MEMORY']);
  });

  it('refuses a store that is not available, pointing at eachSupportedId', async () => {
    await expect(memoryOnly.init('REDIS')).rejects.toThrow(/iterate over caches.eachSupportedId\(\)/);
  });
});

describe.each(caches.eachSupportedId())('TestCaches on %s', (cacheId) => {
  let keyFromEarlierTest: string | undefined;

  it('gives each init its own key prefix', async () => {
    const first = await caches.init(cacheId);
    const second = await caches.init(cacheId);
    expect(first.keyPrefix).not.toBe(second.keyPrefix);

    await first.createCache('p').set('k', 1);
    expect(await second.createCache('p').get('k')).toBeUndefined();
    keyFromEarlierTest = `${first.keyPrefix}p:k`;
    expect(await first.store.get(keyFromEarlierTest)).toBe('1');
  });

  it("deletes a test's keys after it", async () => {
    const { store } = await caches.init(cacheId);
    expect(keyFromEarlierTest).toBeDefined();
    expect(await store.get(keyFromEarlierTest!)).toBeUndefined();
  });

  it('creates caches with the default TTL asked for', async () => {
    const { createCache } = await caches.init(cacheId);
    const cache = createCache('p', { defaultTtl: 50 });
    await cache.set('k', 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await cache.get('k')).toBeUndefined();
  });
});
