import { ConflictError, InputError, NotFoundError } from '@greenroom/errors';
import { sleep, waitFor } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { createSchedulerHarness } from './scheduler-test-harness.js';

const harness = createSchedulerHarness();

describe.each(harness.databases.eachSupportedId())('DefaultSchedulerService on %s', (databaseId) => {
  it('refuses to trigger a running task with a ConflictError and an unknown one with a NotFoundError', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    const release = new AbortController();
    let started = false;
    await scheduler.scheduleTask({
      id: 'long',
      frequency: { trigger: 'manual' },
      timeout: { seconds: 30 },
      fn: async () => {
        started = true;
        await sleep(30_000, release.signal);
      },
    });
    await scheduler.triggerTask('long');
    await waitFor(() => started, 'the run to start');
    await expect(scheduler.triggerTask('long')).rejects.toThrow(ConflictError);
    await expect(scheduler.triggerTask('long')).rejects.toThrow("Task 'long' is currently running");
    await expect(scheduler.triggerTask('nope')).rejects.toThrow(NotFoundError);
    await expect(scheduler.triggerTask('not a valid id')).rejects.toThrow(NotFoundError);
    release.abort();
  });

  it('rejects scheduling the same id twice in one instance with a ConflictError', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    const task = { id: 'once', frequency: { minutes: 1 }, timeout: { seconds: 5 }, fn: () => {} };
    await scheduler.scheduleTask(task);
    await expect(scheduler.scheduleTask(task)).rejects.toThrow(ConflictError);
    await expect(scheduler.scheduleTask({ ...task, scope: 'local' })).rejects.toThrow(
      "Task 'once' is already scheduled by plugin 'my-plugin'",
    );
  });

  it('rejects an invalid cron expression with an InputError naming the task', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    const scheduling = scheduler.scheduleTask({
      id: 'broken',
      frequency: { cron: '*/5 * *' },
      timeout: { seconds: 5 },
      fn: () => {},
    });
    await expect(scheduling).rejects.toThrow(InputError);
    await expect(scheduling).rejects.toThrow(
      /Invalid task 'broken': frequency: '\*\/5 \* \*' is not a valid cron/,
    );
  });

  it('lists the tasks this instance scheduled', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    await scheduler.scheduleTask({ id: 'a', frequency: 'PT1H', timeout: 'PT1M', fn: () => {} });
    await scheduler.scheduleTask({
      id: 'b',
      frequency: { cron: '0 * * * *' },
      timeout: { minutes: 1 },
      scope: 'local',
      fn: () => {},
    });
    expect(await scheduler.getScheduledTasks()).toEqual([
      { id: 'a', scope: 'global', frequency: 'PT1H', timeout: 'PT1M' },
      { id: 'b', scope: 'local', frequency: { cron: '0 * * * *' }, timeout: { minutes: 1 } },
    ]);
  });

  it('stops a task when its signal aborts, interrupting the current run and freeing the id', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    const cancel = new AbortController();
    let runSignal: AbortSignal | undefined;
    await scheduler.scheduleTask({
      id: 'cancellable',
      frequency: { milliseconds: 100 },
      timeout: { seconds: 30 },
      signal: cancel.signal,
      fn: (signal) => {
        runSignal = signal;
        return sleep(30_000, signal);
      },
    });
    await waitFor(() => runSignal, 'the first run');
    cancel.abort();
    await waitFor(() => runSignal!.aborted, 'the run to be aborted');
    await waitFor(
      async () => (await scheduler.getScheduledTasks()).length === 0,
      'the task to be unscheduled',
    );
    await scheduler.scheduleTask({ id: 'cancellable', frequency: 'PT1H', timeout: 'PT1M', fn: () => {} });
  });

  it('schedules functions with a shared schedule through a task runner', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    const runner = scheduler.createScheduledTaskRunner({
      frequency: { milliseconds: 200 },
      timeout: { seconds: 5 },
    });
    let runs = 0;
    await runner.run({
      id: 'from-runner',
      fn: () => {
        runs++;
      },
    });
    await waitFor(() => runs >= 2, 'two runs');
    expect(await scheduler.getScheduledTasks()).toEqual([
      { id: 'from-runner', scope: 'global', frequency: { milliseconds: 200 }, timeout: { seconds: 5 } },
    ]);
  });

  it('on shutdown aborts running tasks and waits for them to finish', async () => {
    const scheduler = harness.scheduler(await harness.database(databaseId));
    let started = false;
    let finished = false;
    let reason: unknown;
    await scheduler.scheduleTask({
      id: 'busy',
      frequency: { minutes: 10 },
      timeout: { minutes: 1 },
      fn: async (signal) => {
        started = true;
        await sleep(60_000, signal);
        await sleep(20);
        reason = signal.reason;
        finished = true;
      },
    });
    await waitFor(() => started, 'the run to start');
    await scheduler.shutdown();
    expect(finished).toBe(true);
    expect(reason).toMatchObject({ name: 'AbortError' });
  });
});
