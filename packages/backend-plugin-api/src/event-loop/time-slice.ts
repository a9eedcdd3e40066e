import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Cuts long synchronous work into slices of about `budgetMs`, so that HTTP requests,
 * timers and I/O run between them instead of waiting for the whole job. Check `due` in
 * the loop and `await yield()` when it is true; the yield is one `setImmediate`, so every
 * request already read goes first, and the job then gets the next slice.
 *
 * Worth it where one step costs hundreds of milliseconds: building a stitch batch's
 * 2,000 final entities, or the COPY text of 60,000 search rows. Pointless inside a
 * SQLite transaction: the one connection stays held, and every other query waits for it
 * whatever the event loop does.
 *
 * @example
 * const slice = new TimeSlice();
 * for (const item of items) {
 *   if (slice.due) await slice.yield();
 *   build(item);
 * }
 */
export class TimeSlice {
  readonly #budgetMs: number;
  #start = performance.now();

  /** `budgetMs`: how long a slice runs before `due` turns true (default 10 ms). */
  constructor(budgetMs = 10) {
    this.#budgetMs = budgetMs;
  }

  /** True once the current slice has run for its budget. */
  get due(): boolean {
    return performance.now() - this.#start >= this.#budgetMs;
  }

  /** Lets everything already waiting run, then starts a new slice. */
  async yield(): Promise<void> {
    await nextTurn();
    this.#start = performance.now();
  }
}
