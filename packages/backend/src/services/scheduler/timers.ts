/** The longest delay `setTimeout` accepts (about 24.8 days); longer delays are chained. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Calls `callback` after `delayMs`, even when that is longer than `setTimeout` allows,
 * and never before `Date.now()` has reached the due time: a Node timer can fire a
 * millisecond early by the wall clock (the event loop's clock is read once per turn), so
 * a timer that fires early is set again for the rest. The timer does not keep the
 * process alive (the backend's HTTP server does that). Returns a function that cancels it.
 *
 * @example
 * const cancel = setLongTimeout(() => poll(), 30 * 24 * 3600_000);
 * cancel();
 */
export function setLongTimeout(callback: () => void, delayMs: number): () => void {
  const dueAt = Date.now() + Math.max(0, delayMs);
  let timer: NodeJS.Timeout | undefined;
  const wait = (ms: number) => {
    timer = setTimeout(fire, Math.min(ms, MAX_TIMER_DELAY_MS));
    timer.unref();
  };
  const fire = () => {
    const remaining = dueAt - Date.now();
    if (remaining > 0) wait(remaining);
    else callback();
  };
  wait(Math.max(0, delayMs));
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
