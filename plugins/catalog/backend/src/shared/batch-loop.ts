import type { Logger } from '@greenroom/backend-plugin-api';

/** Options of {@link BatchLoop}. */
export interface BatchLoopOptions {
  /** What the batches do, for log messages: 'Stitching', 'Processing'. */
  name: string;
  /** Runs one batch of at most `limit` items and returns how many it took. */
  runBatch(limit: number): Promise<number>;
  logger: Logger;
  /** Refs per batch (default 500). */
  batchSize?: number;
  /** How long to wait after a batch that was not full (default 1 s). */
  pollIntervalMs?: number;
  /** How long to wait after a failed batch (default 5 s). */
  errorBackoffMs?: number;
  /**
   * Batches in flight at once (default 1). On PostgreSQL 2 overlaps one batch's
   * building with another's writes (about 1.4× the throughput); SQLite gains nothing.
   */
  concurrency?: number;
}

/**
 * Runs batches of background work (stitching, processing): back to back while batches come back full,
 * every `pollIntervalMs` when the queue is drained, and after `errorBackoffMs` when a
 * batch fails (the failure is logged; its refs are retried). `wake()` skips the wait,
 * e.g. right after processing queued work. With `concurrency` > 1, that many such loops
 * run side by side; claims keep them on different refs.
 *
 * @example
 * const loop = new BatchLoop({ name: 'Stitching', runBatch: async (limit) => (await stitcher.stitchBatch({ limit })).claimed, logger });
 * loop.start();
 * lifecycle.addShutdownHook(() => loop.stop());
 */
export class BatchLoop {
  readonly #o: Required<BatchLoopOptions>;
  #stopping = false;
  #running: Promise<unknown> | undefined;
  readonly #woken = new Set<number>();
  readonly #interrupts = new Set<() => void>();

  constructor(options: BatchLoopOptions) {
    this.#o = { batchSize: 500, pollIntervalMs: 1_000, errorBackoffMs: 5_000, concurrency: 1, ...options };
  }

  /** Starts the loop; does nothing when it is already running. */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    const workers = Array.from({ length: Math.max(1, this.#o.concurrency) }, (_, i) => this.#run(i));
    this.#running = Promise.all(workers);
  }

  /** Stops after the batch in flight, if any, and resolves once it is done. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const interrupt of this.#interrupts) interrupt();
    await this.#running;
    this.#running = undefined;
  }

  /** Runs the next batch now instead of after the poll interval. */
  wake(): void {
    for (let i = 0; i < this.#o.concurrency; i++) this.#woken.add(i);
    for (const interrupt of this.#interrupts) interrupt();
  }

  async #run(worker: number): Promise<void> {
    while (!this.#stopping) {
      this.#woken.delete(worker);
      let wait = 0;
      try {
        const claimed = await this.#o.runBatch(this.#o.batchSize);
        if (claimed < this.#o.batchSize) wait = this.#o.pollIntervalMs;
      } catch (error) {
        this.#o.logger.error(
          `${this.#o.name} a batch failed; retrying in ${this.#o.errorBackoffMs} ms. Check the catalog database.`,
          error instanceof Error ? error : { error },
        );
        wait = this.#o.errorBackoffMs;
      }
      if (wait > 0 && !this.#woken.has(worker) && !this.#stopping) await this.#sleep(wait);
      // A synchronous database (SQLite) resolves every await at once: without this, back-to-back
      // batches would keep timers and HTTP requests waiting until the whole backlog is done.
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#interrupts.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.#interrupts.add(done);
    });
  }
}
