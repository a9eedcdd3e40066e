import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LookupBatcher } from './lookup-batcher.js';

/** A batcher over a map, recording every call's keys. */
function mapBatcher(values: Record<string, number>, maxBatch?: number) {
  const calls: string[][] = [];
  const batcher = new LookupBatcher<string, number | null>({
    lookup: async (keys) => {
      calls.push([...keys]);
      return keys.map((key) => values[key] ?? null);
    },
    ...(maxBatch === undefined ? {} : { maxBatch }),
  });
  return { batcher, calls };
}

describe('LookupBatcher', () => {
  it('answers the lookups of one turn with one call over the distinct keys', async () => {
    const { batcher, calls } = mapBatcher({ a: 1, b: 2 });
    const answers = await Promise.all(['a', 'b', 'missing', 'a'].map((key) => batcher.load(key)));
    expect(answers).toEqual([1, 2, null, 1]);
    expect(calls).toEqual([['a', 'b', 'missing']]);
  });

  it('makes one call per turn', async () => {
    const { batcher, calls } = mapBatcher({ a: 1, b: 2 });
    const first = batcher.load('a');
    await nextTurn();
    const second = batcher.load('b');
    expect([await first, await second]).toEqual([1, 2]);
    expect(calls).toEqual([['a'], ['b']]);
  });

  it('splits a turn with more keys than maxBatch into several calls', async () => {
    const values = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, i]));
    const { batcher, calls } = mapBatcher(values, 3);
    const answers = await Promise.all(Object.keys(values).map((key) => batcher.load(key)));
    expect(answers).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(calls).toEqual([['k0', 'k1', 'k2'], ['k3', 'k4', 'k5'], ['k6']]);
  });

  it('rejects the callers of a failed call only, and starts afresh in the next turn', async () => {
    let failing = true;
    const batcher = new LookupBatcher<string, string>({
      maxBatch: 2,
      lookup: async (keys) => {
        if (failing && keys.includes('bad')) throw new Error('database gone');
        return keys.map((key) => key.toUpperCase());
      },
    });
    const results = await Promise.allSettled(['bad', 'x', 'y'].map((key) => batcher.load(key)));
    expect(results).toEqual([
      { status: 'rejected', reason: new Error('database gone') },
      { status: 'rejected', reason: new Error('database gone') },
      { status: 'fulfilled', value: 'Y' },
    ]);
    failing = false;
    expect(await batcher.load('bad')).toBe('BAD');
  });

  it('rejects when the lookup answers the wrong number of values', async () => {
    const batcher = new LookupBatcher<string, number>({ lookup: async () => [1] });
    await expect(Promise.all([batcher.load('a'), batcher.load('b')])).rejects.toThrow(
      'A batched lookup of 2 keys answered 1 values',
    );
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => new LookupBatcher({ lookup: async () => [], maxBatch: 0 })).toThrow(
      'maxBatch must be a positive integer, got 0',
    );
  });
});
