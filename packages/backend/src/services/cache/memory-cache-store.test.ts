import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryCacheStore } from './memory-cache-store.js';

const stores: MemoryCacheStore[] = [];
function createStore(options?: ConstructorParameters<typeof MemoryCacheStore>[0]) {
  const store = new MemoryCacheStore(options);
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

describe('MemoryCacheStore', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const store = createStore({ maxEntries: 2 });
    await store.set('a', '1', 60_000);
    await store.set('b', '2', 60_000);
    await store.get('a');
    await store.set('c', '3', 60_000);

    expect(await store.get('a')).toBe('1');
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('c')).toBe('3');
    expect(store.size).toBe(2);
  });

  it('counts overwriting a key as using it, not as a new entry', async () => {
    const store = createStore({ maxEntries: 2 });
    await store.set('a', '1', 60_000);
    await store.set('b', '2', 60_000);
    await store.set('a', '1b', 60_000);
    await store.set('c', '3', 60_000);
    expect(await store.get('a')).toBe('1b');
    expect(await store.get('b')).toBeUndefined();
  });

  it('sweeps out expired entries that are never read again', async () => {
    const store = createStore({ sweepInterval: 50 });
    await store.set('gone', '1', 20);
    await store.set('kept', '2', 60_000);
    await sleep(200);
    expect(store.size).toBe(1);
    expect(await store.get('kept')).toBe('2');
  });

  it('clears the keys under a prefix only', async () => {
    const store = createStore();
    await store.set('t1:a', '1', 60_000);
    await store.set('t1:b', '1', 60_000);
    await store.set('t2:a', '1', 60_000);
    await store.clear('t1:');
    expect(store.size).toBe(1);
    expect(await store.get('t2:a')).toBe('1');
  });
});
