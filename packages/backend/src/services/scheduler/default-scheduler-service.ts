import type {
  DatabaseService,
  Logger,
  ScheduledTaskInfo,
  SchedulerService,
  TaskDefinition,
  TaskSchedule,
} from '@greenroom/backend-plugin-api';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '@greenroom/errors';
import { DatabaseClock } from './database-clock.js';
import { GlobalTaskPoller } from './global-task-poller.js';
import { GlobalTaskStore } from './global-task-store.js';
import { LocalTask } from './local-task.js';
import { migrateSchedulerTables } from './scheduler-tables.js';
import { parseTaskSettings, TASK_ID_PATTERN, type TaskSettings } from './task-settings.js';

/** Options of a {@link DefaultSchedulerService}. */
export interface DefaultSchedulerServiceOptions {
  pluginId: string;
  database: DatabaseService;
  logger: Logger;
  /** How often to look for due global tasks; default 1000 ms (±20% jitter). */
  pollIntervalMs?: number;
  /** How long a run may take to stop after its signal aborts; default 5000 ms. */
  abortGraceMs?: number;
}

interface Scheduled {
  settings: TaskSettings;
  local?: LocalTask;
  stopListening(): void;
}

interface GlobalRuntime {
  store: GlobalTaskStore;
  clock: DatabaseClock;
  poller: GlobalTaskPoller;
}

/**
 * The default scheduler of one plugin. Local tasks run on in-process timers. Global tasks
 * live in the `greenroom_scheduler_tasks` table of the plugin's own database: every instance
 * polls it, and a run starts only on the instance whose conditional `UPDATE` claimed it, so
 * one run happens on one instance at a time. Times are epoch milliseconds on the database
 * clock (see {@link DatabaseClock}). A claim expires `timeout` plus the abort grace period
 * after it was taken, so a crashed instance's task moves on; a stopping instance releases
 * its claims at once. Nothing touches the database until the first global task is
 * scheduled (or a task is triggered).
 *
 * @example
 * const scheduler = new DefaultSchedulerService({ pluginId: 'catalog', database, logger });
 * await scheduler.scheduleTask({ id: 'refresh', frequency: { minutes: 5 }, timeout: { minutes: 1 }, fn });
 * await scheduler.shutdown();
 */
export class DefaultSchedulerService implements SchedulerService {
  readonly #options: Required<DefaultSchedulerServiceOptions>;
  readonly #tasks = new Map<string, Scheduled>();
  readonly #pending = new Set<string>();
  #global: Promise<GlobalRuntime> | undefined;
  #stopping = false;

  constructor(options: DefaultSchedulerServiceOptions) {
    this.#options = {
      ...options,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      abortGraceMs: options.abortGraceMs ?? 5_000,
    };
  }

  /**
   * Validates and schedules a task (`InputError` naming the task when invalid,
   * `ConflictError` when this instance already has that id). A global task keeps the next
   * run time stored by earlier instances unless its frequency changed.
   */
  async scheduleTask(task: TaskDefinition): Promise<void> {
    const settings = parseTaskSettings(task);
    const { id } = settings;
    if (this.#stopping) {
      throw new ServiceUnavailableError(`Cannot schedule task '${id}': the scheduler is shutting down`);
    }
    if (this.#tasks.has(id) || this.#pending.has(id)) {
      throw new ConflictError(
        `Task '${id}' is already scheduled by plugin '${this.#options.pluginId}'; use a unique id per task`,
      );
    }
    if (settings.signal?.aborted) return;
    this.#pending.add(id);
    try {
      let local: LocalTask | undefined;
      if (settings.scope === 'local') {
        local = new LocalTask(settings, this.#runOptions());
      } else {
        const { store, clock, poller } = await this.#globalRuntime();
        await store.upsert(settings, clock.now());
        if (this.#stopping) {
          throw new ServiceUnavailableError(`Cannot schedule task '${id}': the scheduler is shutting down`);
        }
        poller.add(settings);
      }
      const onAbort = () => void this.#unschedule(id, 'its schedule was cancelled');
      settings.signal?.addEventListener('abort', onAbort, { once: true });
      const stopListening = () => settings.signal?.removeEventListener('abort', onAbort);
      this.#tasks.set(id, { settings, ...(local ? { local } : {}), stopListening });
      if (settings.signal?.aborted) await this.#unschedule(id, 'its schedule was cancelled');
    } finally {
      this.#pending.delete(id);
    }
  }

  /**
   * Makes a task due now; any instance that scheduled it may run it. `ConflictError` while
   * it runs, `NotFoundError` when no instance ever scheduled it.
   */
  async triggerTask(id: string): Promise<void> {
    const local = this.#tasks.get(id)?.local;
    if (local) return local.trigger();
    if (typeof id !== 'string' || !TASK_ID_PATTERN.test(id)) {
      throw new NotFoundError(`There is no task with id '${String(id).slice(0, 200)}'`);
    }
    const { store, clock, poller } = await this.#globalRuntime();
    const result = await store.trigger(id, clock.now());
    if (result === 'missing') {
      throw new NotFoundError(`There is no task '${id}' in plugin '${this.#options.pluginId}'`);
    }
    if (result === 'running') {
      throw new ConflictError(`Task '${id}' is currently running; trigger it again once it ends`);
    }
    poller.wake();
  }

  /** The tasks this instance scheduled (not those of other instances). */
  async getScheduledTasks(): Promise<ScheduledTaskInfo[]> {
    return [...this.#tasks.values()].map(({ settings }) => ({
      id: settings.id,
      scope: settings.scope,
      frequency: settings.frequency,
      timeout: settings.timeout,
    }));
  }

  /** Schedules each function passed to `run` with the same schedule. */
  createScheduledTaskRunner(schedule: TaskSchedule) {
    return {
      run: (task: { id: string; fn: TaskDefinition['fn']; signal?: AbortSignal }) =>
        this.scheduleTask({ ...schedule, ...task }),
    };
  }

  /**
   * Stops polling and timers, aborts running tasks' signals, waits for them (each at most
   * the abort grace period) and releases this instance's claims so another instance can
   * take over at once. Idempotent.
   */
  async shutdown(): Promise<void> {
    this.#stopping = true;
    const ids = [...this.#tasks.keys()];
    await Promise.all(ids.map((id) => this.#unschedule(id, 'the scheduler is stopping')));
    const global = await this.#global?.catch(() => undefined);
    await global?.poller.stop();
  }

  async #unschedule(id: string, why: string): Promise<void> {
    const scheduled = this.#tasks.get(id);
    if (!scheduled) return;
    this.#tasks.delete(id);
    scheduled.stopListening();
    if (scheduled.local) {
      await scheduled.local.stop(why);
    } else {
      const global = await this.#global?.catch(() => undefined);
      await global?.poller.remove(id, why);
    }
  }

  #runOptions() {
    return { logger: this.#options.logger, abortGraceMs: this.#options.abortGraceMs };
  }

  /** Prepares the tables and clock once; a failure is retried on the next call. */
  #globalRuntime(): Promise<GlobalRuntime> {
    this.#global ??= this.#openGlobalRuntime().catch((error: unknown) => {
      this.#global = undefined;
      throw new ServiceUnavailableError(
        `The scheduler of plugin '${this.#options.pluginId}' could not prepare its table in the plugin database: ${(error as Error).message}`,
        error,
      );
    });
    return this.#global;
  }

  async #openGlobalRuntime(): Promise<GlobalRuntime> {
    const { database, logger, pollIntervalMs, abortGraceMs } = this.#options;
    const db = await database.getClient();
    await migrateSchedulerTables(db, database.dialect);
    const clock = new DatabaseClock(db, database.dialect);
    await clock.sync();
    const store = new GlobalTaskStore(db);
    const poller = new GlobalTaskPoller({ store, clock, logger, pollIntervalMs, abortGraceMs });
    return { store, clock, poller };
  }
}
