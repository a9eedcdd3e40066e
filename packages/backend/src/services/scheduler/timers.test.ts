import { describe, expect, it } from 'vitest';
import { setLongTimeout } from './timers.js';

describe('setLongTimeout', () => {
  it('never calls back before the due time by the wall clock', async () => {
    const early: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const delay = 1 + (i % 25);
        const dueAt = Date.now() + delay;
        return new Promise<void>((resolve) => {
          setLongTimeout(() => {
            if (Date.now() < dueAt) early.push(dueAt - Date.now());
            resolve();
          }, delay);
        });
      }),
    );
    expect(early).toEqual([]);
  });

  it('calls back once, and not at all once cancelled', async () => {
    let calls = 0;
    setLongTimeout(() => calls++, 5);
    const cancel = setLongTimeout(() => calls++, 5);
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(1);
  });
});
