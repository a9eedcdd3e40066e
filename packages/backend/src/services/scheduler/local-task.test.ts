import { ConflictError } from '@greenroom/errors';
import { sleep, waitFor } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { TASKS_TABLE } from './scheduler-tables.js';
import { createSchedulerHarness } from './scheduler-test-harness.js';

const harness = createSchedulerHarness();

describe.each(harness.databases.eachSupportedId())('local tasks on %s', (databaseId) => {
  it('run repeatedly in-process without touching the database', async () => {
    const database = await harness.database(databaseId);
    const scheduler = harness.scheduler(database);
    let runs = 0;
    await scheduler.scheduleTask({
      id: 'local-tick',
      scope: 'local',
      frequency: { milliseconds: 200 },
      timeout: { seconds: 5 },
      fn: () => {
        runs++;
      },
    });
    await waitFor(() => runs >= 3, 'three local runs');
    const db = await database.getClient();
    await expect(db.selectFrom(TASKS_TABLE).selectAll().execute()).rejects.toThrow();
  });

  it('run on every instance, each its own copy', async () => {
    const database = await harness.database(databaseId);
    const runsBy = { first: 0, second: 0 };
    for (const name of ['first', 'second'] as const) {
      await harness.scheduler(database).scheduleTask({
        id: 'per-instance',
        scope: 'local',
        frequency: { milliseconds: 200 },
        timeout: { seconds: 5 },
        fn: () => {
          runsBy[name]++;
        },
      });
    }
    await waitFor(() => runsBy.first >= 2 && runsBy.second >= 2, 'runs on both instances');
  });

  it('respect the initial delay and run a manual task only when triggered', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    const scheduledAt = Date.now();
    const runs: number[] = [];
    await scheduler.scheduleTask({
      id: 'local-manual',
      scope: 'local',
      frequency: { trigger: 'manual' },
      timeout: { seconds: 5 },
      fn: () => {
        runs.push(Date.now());
      },
    });
    let delayedAt: number | undefined;
    await scheduler.scheduleTask({
      id: 'local-delayed',
      scope: 'local',
      frequency: { minutes: 10 },
      initialDelay: { milliseconds: 300 },
      timeout: { seconds: 5 },
      fn: () => {
        delayedAt = Date.now();
      },
    });
    await waitFor(() => delayedAt, 'the delayed run');
    expect(delayedAt! - scheduledAt).toBeGreaterThanOrEqual(300);
    expect(runs).toEqual([]);
    await scheduler.triggerTask('local-manual');
    await waitFor(() => runs.length === 1, 'the triggered run');
  });

  it('refuse a trigger while running and abort the signal after the timeout', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    const reasons: unknown[] = [];
    let started = false;
    await scheduler.scheduleTask({
      id: 'local-slow',
      scope: 'local',
      frequency: { trigger: 'manual' },
      timeout: { milliseconds: 300 },
      fn: async (signal) => {
        started = true;
        await sleep(60_000, signal);
        reasons.push(signal.reason);
      },
    });
    await scheduler.triggerTask('local-slow');
    await waitFor(() => started, 'the run to start');
    await expect(scheduler.triggerTask('local-slow')).rejects.toThrow(ConflictError);
    await waitFor(() => reasons.length === 1, 'the timeout');
    expect(reasons[0]).toMatchObject({ name: 'TimeoutError' });
    await waitFor(async () => {
      await scheduler.triggerTask('local-slow');
      return true;
    }, 'the task to accept a trigger again');
  });
});
