import type { Kysely } from '@greenroom/backend-plugin-api';
import { sleep, waitFor } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { type SchedulerTables, TASKS_TABLE } from './scheduler-tables.js';
import { createSchedulerHarness, readTaskRow } from './scheduler-test-harness.js';

const harness = createSchedulerHarness();

describe.each(harness.databases.eachSupportedId())('several instances on %s', (databaseId) => {
  it('never run the same global task at the same time', async () => {
    const database = await harness.database(databaseId);
    let running = 0;
    let maxRunning = 0;
    const runsBy = new Map<string, number>();
    for (const name of ['first', 'second', 'third']) {
      // Each run outlasts the interval, so every instance races to claim the next one.
      await harness.scheduler(database).scheduleTask({
        id: 'shared',
        frequency: { milliseconds: 20 },
        timeout: { seconds: 10 },
        fn: async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          runsBy.set(name, (runsBy.get(name) ?? 0) + 1);
          await sleep(40);
          running--;
        },
      });
    }
    await waitFor(() => [...runsBy.values()].reduce((sum, runs) => sum + runs, 0) >= 12, 'a dozen runs');
    expect(maxRunning).toBe(1);
  });

  it('move a running task to another instance as soon as the first one shuts down', async () => {
    const database = await harness.database(databaseId);
    const first = harness.scheduler(database);
    let firstSignal: AbortSignal | undefined;
    await first.scheduleTask({
      id: 'handover',
      frequency: { minutes: 10 },
      timeout: { minutes: 5 },
      fn: (signal) => {
        firstSignal = signal;
        return sleep(300_000, signal);
      },
    });
    await waitFor(() => firstSignal, 'the first instance to run the task');

    const second = harness.scheduler(database);
    let secondRuns = 0;
    await second.scheduleTask({
      id: 'handover',
      frequency: { minutes: 10 },
      timeout: { minutes: 5 },
      fn: () => {
        secondRuns++;
      },
    });
    const claimed = await readTaskRow(database, 'handover');
    expect(claimed.current_run_ticket).not.toBeNull();
    expect(secondRuns).toBe(0);

    await first.shutdown();
    expect(firstSignal!.aborted).toBe(true);
    // The claim would only expire after five minutes: the second instance runs it because it was released.
    await waitFor(() => secondRuns === 1, 'the second instance to take the task over');
  });

  it('take over a claim left by a crashed instance once it expires', async () => {
    const database = await harness.database(databaseId);
    const bootstrap = harness.scheduler(database);
    await bootstrap.scheduleTask({ id: 'bootstrap', frequency: 'PT1H', timeout: 'PT1M', fn: () => {} });
    // What a crashed instance leaves behind: a claim that is never released.
    const db: Kysely<SchedulerTables> = await database.getClient();
    const crashedAt = Date.now();
    const expiresAt = crashedAt + 500;
    await db
      .insertInto(TASKS_TABLE)
      .values({
        id: 'orphaned',
        settings_json: '{}',
        next_run_start_at: crashedAt - 1_000,
        current_run_ticket: 'crashed-instance',
        current_run_started_at: crashedAt,
        current_run_expires_at: expiresAt,
      })
      .execute();

    const survivor = harness.scheduler(database);
    let takenOverAt: number | undefined;
    let ticket: string | null = null;
    await survivor.scheduleTask({
      id: 'orphaned',
      frequency: { minutes: 10 },
      timeout: { milliseconds: 300 },
      fn: async () => {
        takenOverAt = Date.now();
        ticket = (await readTaskRow(database, 'orphaned')).current_run_ticket;
      },
    });
    await waitFor(() => takenOverAt, 'the survivor to take the task over');
    expect(takenOverAt!).toBeGreaterThanOrEqual(expiresAt - 50);
    expect(ticket).not.toBe('crashed-instance');
    await waitFor(
      async () => (await readTaskRow(database, 'orphaned')).current_run_ticket === null,
      'the release',
    );
  });

  it('keep the schedule of a task across a restart', async () => {
    const database = await harness.database(databaseId);
    const before = harness.scheduler(database);
    let runs = 0;
    const task = {
      id: 'hourly',
      frequency: { hours: 1 },
      timeout: { minutes: 1 },
      fn: () => {
        runs++;
      },
    };
    await before.scheduleTask(task);
    await waitFor(() => runs === 1, 'the first run');
    const { next_run_start_at: next } = await waitFor(async () => {
      const row = await readTaskRow(database, 'hourly');
      return row.last_run_ended_at === null ? undefined : row;
    }, 'the recorded end of the run');
    await before.shutdown();

    const after = harness.scheduler(database);
    await after.scheduleTask(task);
    expect((await readTaskRow(database, 'hourly')).next_run_start_at).toBe(next);
    expect(runs).toBe(1);
    await after.triggerTask('hourly');
    await waitFor(() => runs === 2, 'the triggered run on the restarted instance');
  });

  it('run an overdue task soon after a restart, but not before the initial delay', async () => {
    const database = await harness.database(databaseId);
    const before = harness.scheduler(database);
    await before.scheduleTask({
      id: 'overdue',
      frequency: { hours: 1 },
      timeout: { minutes: 1 },
      fn: () => {},
    });
    await before.shutdown();
    const db: Kysely<SchedulerTables> = await database.getClient();
    await db
      .updateTable(TASKS_TABLE)
      .set({ next_run_start_at: Date.now() - 3_600_000 })
      .where('id', '=', 'overdue')
      .execute();

    const after = harness.scheduler(database);
    const restartedAt = Date.now();
    let ranAt: number | undefined;
    await after.scheduleTask({
      id: 'overdue',
      frequency: { hours: 1 },
      timeout: { minutes: 1 },
      initialDelay: { milliseconds: 300 },
      fn: () => {
        ranAt = Date.now();
      },
    });
    await waitFor(() => ranAt, 'the overdue run');
    expect(ranAt! - restartedAt).toBeGreaterThanOrEqual(250);
  });

  it('recompute the next run when a restart changes the frequency', async () => {
    const database = await harness.database(databaseId);
    const before = harness.scheduler(database);
    await before.scheduleTask({
      id: 'reshaped',
      frequency: { hours: 1 },
      timeout: { minutes: 1 },
      initialDelay: { minutes: 30 },
      fn: () => {},
    });
    await before.shutdown();

    const after = harness.scheduler(database);
    await after.scheduleTask({
      id: 'reshaped',
      frequency: { cron: '0 0 1 1 *' },
      timeout: 'PT1M',
      fn: () => {},
    });
    const next = new Date((await readTaskRow(database, 'reshaped')).next_run_start_at!);
    expect(next.toISOString()).toMatch(/^\d{4}-01-01T00:00:00.000Z$/);
  });

  it('run a task triggered from an instance that did not schedule it on one that did', async () => {
    const database = await harness.database(databaseId);
    const worker = harness.scheduler(database);
    let runs = 0;
    await worker.scheduleTask({
      id: 'rebuild',
      frequency: { trigger: 'manual' },
      timeout: { minutes: 1 },
      fn: () => {
        runs++;
      },
    });
    const api = harness.scheduler(database);
    await api.triggerTask('rebuild');
    await waitFor(() => runs === 1, 'the worker to run the triggered task');
    expect(await api.getScheduledTasks()).toEqual([]);
  });
});
