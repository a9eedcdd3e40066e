import type { Logger } from '@greenroom/backend-plugin-api';
import { ConflictError } from '@greenroom/errors';
import { firstRunAt, nextRunAfter } from './cadence.js';
import { logRunOutcome, TaskRun } from './task-run.js';
import type { TaskSettings } from './task-settings.js';
import { setLongTimeout } from './timers.js';

/**
 * A `scope: 'local'` task: runs in this process on its own timer, with the same
 * frequency semantics as global tasks but no database. Every instance runs its own copy.
 *
 * @example
 * const task = new LocalTask(settings, { logger, abortGraceMs: 5_000 });
 * task.trigger(); // run now
 * await task.stop('the scheduler is stopping');
 */
export class LocalTask {
  readonly settings: TaskSettings;
  readonly #logger: Logger;
  readonly #abortGraceMs: number;
  #nextRunAt: number | null;
  #cancelTimer: (() => void) | undefined;
  #run: TaskRun | undefined;
  #stopped = false;

  constructor(settings: TaskSettings, options: { logger: Logger; abortGraceMs: number }) {
    this.settings = settings;
    this.#logger = options.logger;
    this.#abortGraceMs = options.abortGraceMs;
    this.#nextRunAt = firstRunAt(settings.cadence, Date.now(), settings.initialDelayMs);
    this.#arm();
  }

  /** Runs the task as soon as possible; a `ConflictError` while it is running. */
  trigger(): void {
    if (this.#run) {
      throw new ConflictError(
        `Task '${this.settings.id}' is currently running; trigger it again once it ends`,
      );
    }
    this.#nextRunAt = Date.now();
    this.#arm();
  }

  /** Stops the timer, aborts a running invocation and waits for it (bounded by the grace period). */
  async stop(why: string): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer?.();
    const run = this.#run;
    if (!run) return;
    run.interrupt(why);
    await run.outcome;
  }

  #arm(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#stopped || this.#run || this.#nextRunAt === null) return;
    this.#cancelTimer = setLongTimeout(() => void this.#runNow(), this.#nextRunAt - Date.now());
  }

  async #runNow(): Promise<void> {
    if (this.#stopped || this.#run) return;
    const { id, fn, timeoutMs, cadence } = this.settings;
    const startedAt = Date.now();
    const run = new TaskRun({ taskId: id, fn, timeoutMs, abortGraceMs: this.#abortGraceMs });
    this.#run = run;
    const outcome = await run.outcome;
    this.#run = undefined;
    logRunOutcome(this.#logger, id, outcome, { timeoutMs, abortGraceMs: this.#abortGraceMs });
    this.#nextRunAt = nextRunAfter(cadence, startedAt, Date.now());
    this.#arm();
  }
}
