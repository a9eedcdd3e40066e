/** The longest delay `setTimeout` accepts (about 24.8 days); longer delays are chained. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Calls `callback` after `delayMs`, even when that is longer than `setTimeout` allows.
 * The timer does not keep the process alive (the backend's HTTP server does that).
 * Returns a function that cancels the timer.
 *
 * @example
 * const cancel = setLongTimeout(() => poll(), 30 * 24 * 3600_000);
 * cancel();
 */
export function setLongTimeout(callback: () => void, delayMs: number): () => void {
  const dueAt = Date.now() + Math.max(0, delayMs);
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const remaining = dueAt - Date.now();
    if (remaining > MAX_TIMER_DELAY_MS) {
      timer = setTimeout(arm, MAX_TIMER_DELAY_MS);
    } else {
      timer = setTimeout(callback, Math.max(0, remaining));
    }
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

/**
 * Adds up to ±`fraction` of random jitter to a delay, so that instances started
 * together do not poll the database in lockstep.
 *
 * @example
 * setTimeout(poll, jitter(1000, 0.2)); // somewhere between 800 and 1200 ms
 */
export function jitter(delayMs: number, fraction: number): number {
  return Math.max(0, Math.round(delayMs * (1 + fraction * (2 * Math.random() - 1))));
}
