import { sleep, TestLogger, waitFor } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { createSchedulerHarness, readTaskRow } from './scheduler-test-harness.js';

const harness = createSchedulerHarness();

describe.each(harness.databases.eachSupportedId())('global tasks on %s', (databaseId) => {
  it('runs an interval task repeatedly', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    let runs = 0;
    await scheduler.scheduleTask({
      id: 'tick',
      frequency: { milliseconds: 200 },
      timeout: { seconds: 5 },
      fn: () => {
        runs++;
      },
    });
    await waitFor(() => runs >= 3, 'three runs');
  });

  it('runs a cron task at whole-second matches and stores the next match', async () => {
    const database = await harness.database(databaseId);
    const scheduler = harness.scheduler(database);
    const runs: number[] = [];
    await scheduler.scheduleTask({
      id: 'every-second',
      frequency: { cron: '* * * * * *' },
      timeout: { seconds: 5 },
      fn: () => {
        runs.push(Date.now());
      },
    });
    await waitFor(() => runs.length >= 2, 'two cron runs');
    const row = await readTaskRow(database, 'every-second');
    expect(row.next_run_start_at! % 1000).toBe(0);
  });

  it('runs a manual task only when triggered', async () => {
    const database = await harness.database(databaseId);
    const scheduler = harness.scheduler(database);
    let manualRuns = 0;
    let ticks = 0;
    await scheduler.scheduleTask({
      id: 'on-demand',
      frequency: { trigger: 'manual' },
      timeout: { seconds: 5 },
      fn: () => {
        manualRuns++;
      },
    });
    await scheduler.scheduleTask({
      id: 'ticker',
      frequency: { milliseconds: 100 },
      timeout: { seconds: 5 },
      fn: () => {
        ticks++;
      },
    });
    await waitFor(() => ticks >= 3, 'several polls of the scheduler');
    expect(manualRuns).toBe(0);
    expect((await readTaskRow(database, 'on-demand')).next_run_start_at).toBeNull();

    await scheduler.triggerTask('on-demand');
    await waitFor(() => manualRuns === 1, 'the triggered run');
    await waitFor(
      async () => (await readTaskRow(database, 'on-demand')).last_run_ended_at,
      'the recorded end',
    );
    expect((await readTaskRow(database, 'on-demand')).next_run_start_at).toBeNull();
  });

  it('does not run a task before its initial delay', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    const scheduledAt = Date.now();
    let firstRunAt: number | undefined;
    await scheduler.scheduleTask({
      id: 'delayed',
      frequency: { minutes: 10 },
      timeout: { seconds: 5 },
      initialDelay: { milliseconds: 400 },
      fn: () => {
        firstRunAt ??= Date.now();
      },
    });
    await waitFor(() => firstRunAt, 'the first run');
    expect(firstRunAt! - scheduledAt).toBeGreaterThanOrEqual(350);
  });

  it('aborts the signal of a run that exceeds its timeout, records it, and runs the task again', async () => {
    const database = await harness.database(databaseId);
    const scheduler = harness.scheduler(database);
    const reasons: unknown[] = [];
    await scheduler.scheduleTask({
      id: 'slow',
      frequency: { milliseconds: 300 },
      timeout: { milliseconds: 200 },
      fn: async (signal) => {
        await sleep(60_000, signal);
        reasons.push(signal.reason);
      },
    });
    await waitFor(() => reasons.length >= 2, 'two timed-out runs');
    expect(reasons[0]).toMatchObject({ name: 'TimeoutError', message: "Task 'slow' timed out after 200ms" });
    const row = await readTaskRow(database, 'slow');
    expect(JSON.parse(row.last_run_error_json!)).toEqual({ message: "Task 'slow' timed out after 200ms" });
  });

  it('gives up on a run that ignores its aborted signal, frees the claim and keeps the schedule', async () => {
    const logger = new TestLogger();
    const scheduler = harness.scheduler(await harness.database(databaseId), logger);
    let runs = 0;
    await scheduler.scheduleTask({
      id: 'stuck',
      frequency: { milliseconds: 200 },
      timeout: { milliseconds: 100 },
      fn: () => {
        runs++;
        return new Promise<void>(() => {});
      },
    });
    await waitFor(() => runs >= 2, 'a second run after the first hung');
    const warning = logger.lines.find((line) => line.meta.taskId === 'stuck' && line.level === 'error');
    expect(warning?.message).toMatch(/timed out after 100ms; it did not stop within 200ms/);
  });

  it('logs a throwing task with its id and runs it again at its next time', async () => {
    const database = await harness.database(databaseId);
    const logger = new TestLogger();
    const scheduler = harness.scheduler(database, logger);
    let runs = 0;
    await scheduler.scheduleTask({
      id: 'flaky',
      frequency: { milliseconds: 200 },
      timeout: { seconds: 5 },
      fn: () => {
        runs++;
        throw new Error(`failure ${runs}`);
      },
    });
    await waitFor(() => runs >= 3, 'three runs despite failures');
    const failure = logger.lines.find((line) => line.level === 'error' && line.meta.taskId === 'flaky');
    expect(failure?.message).toBe("Task 'flaky' failed; it runs again at its next scheduled time");
    expect(failure?.meta.error).toMatchObject({ message: 'failure 1' });
    const row = await readTaskRow(database, 'flaky');
    expect(JSON.parse(row.last_run_error_json!).message).toMatch(/^failure \d+$/);
    expect(row.next_run_start_at).not.toBeNull();
  });
});
