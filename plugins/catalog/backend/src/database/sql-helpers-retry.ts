/**
 * Whether a database error is worth retrying as is: a PostgreSQL deadlock (`40P01`) or
 * serialization failure (`40001`), or SQLite's `SQLITE_BUSY` (another process held the
 * file's lock past the busy timeout).
 *
 * @example
 * if (isTransientDatabaseError(error)) await retryLater();
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001' || code === 'SQLITE_BUSY';
}

/**
 * Runs `run` (typically a whole transaction) again when it fails with a
 * {@link isTransientDatabaseError}, up to `attempts` times in all, waiting a random
 * 0.5–1.5 × `baseDelayMs` × 2^attempt in between. Other errors are thrown at once.
 *
 * @example
 * await retryTransient(() => db.transaction().execute((trx) => write(trx)));
 */
export async function retryTransient<T>(
  run: () => Promise<T>,
  options: { attempts?: number; baseDelayMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 25;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isTransientDatabaseError(error)) throw error;
      const delay = baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
