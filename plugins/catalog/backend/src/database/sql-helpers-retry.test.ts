import { describe, expect, it } from 'vitest';
import { isTransientDatabaseError, retryTransient } from './sql-helpers-retry.js';

const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });

describe('retryTransient', () => {
  it('runs again after a deadlock and returns what the successful run returned', async () => {
    let runs = 0;
    const result = await retryTransient(
      async () => {
        runs += 1;
        if (runs < 3) throw deadlock;
        return 'done';
      },
      { baseDelayMs: 1 },
    );
    expect({ runs, result }).toEqual({ runs: 3, result: 'done' });
  });

  it('gives up after the last attempt with the last error', async () => {
    let runs = 0;
    const failing = retryTransient(
      async () => {
        runs += 1;
        throw deadlock;
      },
      { attempts: 2, baseDelayMs: 1 },
    );
    await expect(failing).rejects.toBe(deadlock);
    expect(runs).toBe(2);
  });

  it('throws other errors at once', async () => {
    let runs = 0;
    const failing = retryTransient(async () => {
      runs += 1;
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    });
    await expect(failing).rejects.toThrow('duplicate key');
    expect(runs).toBe(1);
  });
});

describe('isTransientDatabaseError', () => {
  it('recognises deadlocks, serialization failures and SQLite busy errors only', () => {
    expect(
      ['40P01', '40001', 'SQLITE_BUSY', '23505', undefined].map((code) => isTransientDatabaseError({ code })),
    ).toEqual([true, true, true, false, false]);
    expect(isTransientDatabaseError(null)).toBe(false);
  });
});
