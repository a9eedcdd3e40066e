/**
 * A duration: an object (`{ minutes: 5 }`), an ISO 8601 string (`'PT5M'`) or a short
 * form (`'5m'`, `'2 hours'`). Parse one with `durationToMillis` from `@greenroom/config`.
 */
export type HumanDuration =
  | string
  | {
      years?: number;
      months?: number;
      weeks?: number;
      days?: number;
      hours?: number;
      minutes?: number;
      seconds?: number;
      milliseconds?: number;
    };

/** When a task runs: on an interval, on a cron expression, or only when triggered. */
export type TaskFrequency = HumanDuration | { cron: string } | { trigger: 'manual' };

/** How often and how long a task may run. */
export interface TaskSchedule {
  frequency: TaskFrequency;
  /** The task's `signal` is aborted after this long. */
  timeout: HumanDuration;
  /** Wait this long after startup before the first run. */
  initialDelay?: HumanDuration;
  /**
   * `global` (default): one run at a time across all instances sharing the database.
   * `local`: each instance runs its own copy.
   */
  scope?: 'global' | 'local';
}

/** A task to schedule. `fn` should stop promptly when `signal` aborts. */
export interface TaskDefinition extends TaskSchedule {
  id: string;
  fn: (signal: AbortSignal) => void | Promise<void>;
  /** Aborted to cancel the schedule (not just one run). */
  signal?: AbortSignal;
}

/** What the scheduler knows about a task. */
export interface ScheduledTaskInfo {
  id: string;
  scope: 'global' | 'local';
  frequency: TaskFrequency;
  timeout: HumanDuration;
}

/**
 * Runs tasks on a schedule. Global tasks are stored in the database: they survive
 * restarts, and with several instances each run happens on one instance only.
 *
 * @example
 * await scheduler.scheduleTask({
 *   id: 'refresh-locations',
 *   frequency: { minutes: 30 },
 *   timeout: { minutes: 5 },
 *   initialDelay: { seconds: 10 },
 *   fn: async (signal) => refreshAll(signal),
 * });
 */
export interface SchedulerService {
  scheduleTask(task: TaskDefinition): Promise<void>;
  /** Runs a task as soon as possible (on whichever instance claims it first). */
  triggerTask(id: string): Promise<void>;
  getScheduledTasks(): Promise<ScheduledTaskInfo[]>;
  /** A runner that schedules functions with a fixed schedule, e.g. one read from config. */
  createScheduledTaskRunner(schedule: TaskSchedule): {
    run(task: { id: string; fn: TaskDefinition['fn']; signal?: AbortSignal }): Promise<void>;
  };
}
