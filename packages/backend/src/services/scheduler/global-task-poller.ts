import { randomUUID } from 'node:crypto';
import type { Logger } from '@greenroom/backend-plugin-api';
import { nextRunAfter } from './cadence.js';
import type { DatabaseClock } from './database-clock.js';
import type { GlobalTaskStore } from './global-task-store.js';
import { logRunOutcome, TaskRun } from './task-run.js';
import type { TaskSettings } from './task-settings.js';
import { jitter, setLongTimeout } from './timers.js';

/** Options of a {@link GlobalTaskPoller}. */
export interface GlobalTaskPollerOptions {
  store: GlobalTaskStore;
  clock: DatabaseClock;
  logger: Logger;
  pollIntervalMs: number;
  abortGraceMs: number;
}

interface ActiveRun {
  run: TaskRun;
  /** Resolves once the run's end is recorded and its claim freed. */
  done: Promise<void>;
}

/**
 * Runs this instance's global tasks: polls the database for due tasks (one small indexed
 * query per jittered interval), claims each with a conditional update and runs it. A claim
 * expires `timeout` plus the abort grace period after it was taken, so if this process
 * dies another instance takes over.
 *
 * @example
 * const poller = new GlobalTaskPoller({ store, clock, logger, pollIntervalMs: 1000, abortGraceMs: 5000 });
 * poller.add(settings);
 * await poller.stop();
 */
export class GlobalTaskPoller {
  readonly #options: GlobalTaskPollerOptions;
  readonly #tasks = new Map<string, TaskSettings>();
  readonly #runs = new Map<string, ActiveRun>();
  #cancelTimer: (() => void) | undefined;
  #polling: Promise<void> | undefined;
  #pollAgain = false;
  #failing = false;
  #stopped = false;

  constructor(options: GlobalTaskPollerOptions) {
    this.#options = options;
  }

  /** Starts polling for a task (and polls right away). */
  add(settings: TaskSettings): void {
    this.#tasks.set(settings.id, settings);
    this.wake();
  }

  /** Stops polling for a task; a run in progress is interrupted and its claim released. */
  async remove(id: string, why: string): Promise<void> {
    this.#tasks.delete(id);
    const active = this.#runs.get(id);
    active?.run.interrupt(why);
    await active?.done;
  }

  /** Polls as soon as possible, e.g. after a trigger. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#polling) this.#pollAgain = true;
    else this.#schedule(0);
  }

  /** Stops polling, interrupts running tasks, and waits until their claims are released. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer?.();
    await this.#polling;
    const active = [...this.#runs.values()];
    for (const { run } of active) run.interrupt('the scheduler is stopping');
    await Promise.all(active.map(({ done }) => done));
  }

  #schedule(delayMs: number): void {
    this.#cancelTimer?.();
    this.#cancelTimer = setLongTimeout(() => {
      this.#polling = this.#poll().finally(() => {
        this.#polling = undefined;
        if (this.#stopped) return;
        const again = this.#pollAgain;
        this.#pollAgain = false;
        this.#schedule(again ? 0 : jitter(this.#options.pollIntervalMs, 0.2));
      });
    }, delayMs);
  }

  async #poll(): Promise<void> {
    const { store, clock, logger } = this.#options;
    try {
      await clock.syncIfStale();
      for (const id of await store.findDue(clock.now())) {
        const settings = this.#tasks.get(id);
        if (this.#stopped) break;
        if (!settings || this.#runs.has(id)) continue;
        const ticket = randomUUID();
        const claimedAt = clock.now();
        const expiresAt = claimedAt + settings.timeoutMs + this.#options.abortGraceMs;
        if (!(await store.claim(id, ticket, claimedAt, expiresAt))) continue;
        if (this.#stopped || this.#tasks.get(id) !== settings) await store.release(id, ticket);
        else this.#start(settings, ticket, claimedAt);
      }
      if (this.#failing) logger.info('Scheduler can reach its database again; polling resumed');
      this.#failing = false;
    } catch (error) {
      // Log the first failure of a streak loudly, the rest quietly, to avoid flooding logs.
      const log = this.#failing ? logger.debug : logger.error;
      log.call(logger, 'Scheduler could not poll its database for due tasks; retrying', { error });
      this.#failing = true;
    }
  }

  #start(settings: TaskSettings, ticket: string, claimedAt: number): void {
    const { store, clock, logger, abortGraceMs } = this.#options;
    const { id, fn, timeoutMs, cadence } = settings;
    const run = new TaskRun({ taskId: id, fn, timeoutMs, abortGraceMs });
    const done = (async () => {
      const outcome = await run.outcome;
      const errorMessage = logRunOutcome(logger, id, outcome, { timeoutMs, abortGraceMs });
      try {
        if (outcome.status === 'interrupted') {
          await store.release(id, ticket);
        } else {
          const endedAt = clock.now();
          const nextRunStartAt = nextRunAfter(cadence, claimedAt, endedAt);
          if (!(await store.complete(id, ticket, { endedAt, nextRunStartAt, errorMessage }))) {
            logger.warn(`Task '${id}' outlived its claim, which another instance has taken over`, {
              taskId: id,
            });
          }
        }
      } catch (error) {
        logger.error(`Could not record the end of task '${id}'; its claim expires on its own`, {
          taskId: id,
          error,
        });
      } finally {
        this.#runs.delete(id);
      }
    })();
    this.#runs.set(id, { run, done });
  }
}
