import type { DatabaseService, Kysely } from '@greenroom/backend-plugin-api';
import { type TestDatabaseId, TestDatabases, TestLogger } from '@greenroom/test-utils';
import { afterEach } from 'vitest';
import { DefaultSchedulerService } from './default-scheduler-service.js';
import { type SchedulerTables, TASKS_TABLE } from './scheduler-tables.js';

/** Test timings: short enough to keep tests fast, long enough to stay deterministic. */
export const POLL_INTERVAL_MS = 50;
export const ABORT_GRACE_MS = 200;

/**
 * Real databases plus scheduler instances that are shut down after each test. Call at
 * the top of a test file.
 *
 * @example
 * const harness = createSchedulerHarness();
 * describe.each(harness.databases.eachSupportedId())('%s', (databaseId) => { ... });
 */
export function createSchedulerHarness() {
  const databases = TestDatabases.create();
  const running: DefaultSchedulerService[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((scheduler) => scheduler.shutdown()));
  });

  return {
    databases,
    /** A fresh plugin database, the backend's real `DatabaseService`. */
    database(databaseId: TestDatabaseId): Promise<DatabaseService> {
      return databases.createService(databaseId, 'my-plugin');
    },
    /** A scheduler instance for plugin `my-plugin` on `database`, as one backend instance would have. */
    scheduler(database: DatabaseService, logger = new TestLogger()): DefaultSchedulerService {
      const scheduler = new DefaultSchedulerService({
        pluginId: 'my-plugin',
        database,
        logger,
        pollIntervalMs: POLL_INTERVAL_MS,
        abortGraceMs: ABORT_GRACE_MS,
      });
      running.push(scheduler);
      return scheduler;
    },
  };
}

/** Reads a task's row, with times as numbers. */
export async function readTaskRow(database: DatabaseService, id: string) {
  const db: Kysely<SchedulerTables> = await database.getClient();
  const row = await db.selectFrom(TASKS_TABLE).selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const millis = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    ...row,
    next_run_start_at: millis(row.next_run_start_at),
    current_run_started_at: millis(row.current_run_started_at),
    current_run_expires_at: millis(row.current_run_expires_at),
    last_run_ended_at: millis(row.last_run_ended_at),
  };
}
