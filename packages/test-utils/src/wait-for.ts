/**
 * Waits until `condition` returns a truthy value, checking every 20 ms, and returns
 * that value. A condition that throws counts as "not yet". Fails with `what` and the
 * last error after `timeoutMs`, so a test never hangs and never sleeps blindly.
 *
 * @example
 * await waitFor(() => runs.length >= 3, 'three runs');
 * const row = await waitFor(() => db.selectFrom('t').selectAll().executeTakeFirst(), 'a row');
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  what: string,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${reason}`, { cause: lastError });
    }
    await sleep(20);
  }
}

/**
 * Resolves after `ms`, or as soon as `signal` aborts. For task bodies that stand in
 * for work, never for waiting on the system under test (use {@link waitFor}).
 *
 * @example
 * await sleep(50, signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
