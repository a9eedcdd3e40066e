import type { Logger, TaskDefinition } from '@greenroom/backend-plugin-api';
import { formatDuration } from '@greenroom/config';
import { setLongTimeout } from './timers.js';

/**
 * How a run ended. `timed-out` and `interrupted` runs had their signal aborted;
 * `settled` says whether the function returned within the abort grace period.
 */
export type TaskRunOutcome =
  | { readonly status: 'succeeded' }
  | { readonly status: 'failed'; readonly error: Error }
  | { readonly status: 'timed-out'; readonly settled: boolean }
  | { readonly status: 'interrupted'; readonly settled: boolean };

/** Options of one run. */
export interface TaskRunOptions {
  taskId: string;
  fn: TaskDefinition['fn'];
  timeoutMs: number;
  /** How long to wait for the function after aborting its signal before giving up on it. */
  abortGraceMs: number;
}

/**
 * One invocation of a task function. Its signal aborts when the timeout passes or when
 * {@link TaskRun.interrupt} is called (shutdown, schedule cancelled). `outcome` resolves
 * when the function settles, or `abortGraceMs` after an abort if it ignores the signal,
 * so nothing waits on a hung task forever.
 *
 * @example
 * const run = new TaskRun({ taskId: 'refresh', fn, timeoutMs: 60_000, abortGraceMs: 5_000 });
 * const outcome = await run.outcome; // { status: 'succeeded' }
 */
export class TaskRun {
  readonly outcome: Promise<TaskRunOutcome>;
  readonly #controller = new AbortController();
  readonly #options: TaskRunOptions;
  #abortedBy: 'timeout' | 'interrupt' | undefined;
  #resolve!: (outcome: TaskRunOutcome) => void;
  #settled = false;

  constructor(options: TaskRunOptions) {
    this.#options = options;
    this.outcome = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    const cancelTimeout = setLongTimeout(() => this.#abort('timeout'), options.timeoutMs);
    invoke(options.fn, this.#controller.signal).then((error) => {
      cancelTimeout();
      this.#settled = true;
      this.#finish(error);
    });
  }

  /** Whether the function has returned (or thrown). */
  get settled(): boolean {
    return this.#settled;
  }

  /** Aborts the run's signal because the instance stops or the schedule was cancelled. */
  interrupt(why = 'the scheduler is stopping'): void {
    this.#abort('interrupt', why);
  }

  #abort(by: 'timeout' | 'interrupt', why?: string): void {
    if (this.#abortedBy || this.#settled) return;
    this.#abortedBy = by;
    const { taskId, timeoutMs, abortGraceMs } = this.#options;
    const reason =
      by === 'timeout'
        ? new DOMException(`Task '${taskId}' timed out after ${formatDuration(timeoutMs)}`, 'TimeoutError')
        : new DOMException(`Task '${taskId}' was interrupted: ${why}`, 'AbortError');
    this.#controller.abort(reason);
    setLongTimeout(() => this.#finish(undefined), abortGraceMs);
  }

  #finish(error: Error | undefined): void {
    const settled = this.#settled;
    if (this.#abortedBy === 'timeout') this.#resolve({ status: 'timed-out', settled });
    else if (this.#abortedBy === 'interrupt') this.#resolve({ status: 'interrupted', settled });
    else if (error) this.#resolve({ status: 'failed', error });
    else this.#resolve({ status: 'succeeded' });
  }
}

/** Calls the task function; resolves with the error it threw or rejected with, if any. */
async function invoke(fn: TaskDefinition['fn'], signal: AbortSignal): Promise<Error | undefined> {
  try {
    await fn(signal);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Logs how a run ended, with the task id. Returns the error message to record for the
 * run, or null when it succeeded.
 *
 * @example
 * const lastError = logRunOutcome(logger, 'refresh', outcome, { timeoutMs: 60_000, abortGraceMs: 5_000 });
 */
export function logRunOutcome(
  logger: Logger,
  taskId: string,
  outcome: TaskRunOutcome,
  limits: { timeoutMs: number; abortGraceMs: number },
): string | null {
  const ignoredSignal = `it did not stop within ${formatDuration(limits.abortGraceMs)} after its signal was aborted and may still be running; make it honour its AbortSignal`;
  switch (outcome.status) {
    case 'succeeded':
      logger.debug('Task run succeeded', { taskId });
      return null;
    case 'failed':
      logger.error(`Task '${taskId}' failed; it runs again at its next scheduled time`, {
        taskId,
        error: outcome.error,
      });
      return outcome.error.message;
    case 'timed-out': {
      const message = `Task '${taskId}' timed out after ${formatDuration(limits.timeoutMs)}`;
      logger.error(outcome.settled ? message : `${message}; ${ignoredSignal}`, { taskId });
      return message;
    }
    case 'interrupted':
      if (!outcome.settled) logger.warn(`Task '${taskId}' was interrupted; ${ignoredSignal}`, { taskId });
      return null;
  }
}
