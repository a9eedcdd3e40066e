import { sleep, TestLogger } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { logRunOutcome, TaskRun } from './task-run.js';

const limits = { timeoutMs: 5_000, abortGraceMs: 1_000 };

describe('TaskRun', () => {
  it('succeeds when the function resolves', async () => {
    const run = new TaskRun({ taskId: 't', fn: async () => {}, ...limits });
    expect(await run.outcome).toEqual({ status: 'succeeded' });
    expect(run.settled).toBe(true);
  });

  it('fails with the error a function throws, synchronously or not', async () => {
    const rejects = new TaskRun({
      taskId: 't',
      fn: async () => Promise.reject(new Error('boom')),
      ...limits,
    });
    expect(await rejects.outcome).toMatchObject({ status: 'failed', error: { message: 'boom' } });
    const throws = new TaskRun({
      taskId: 't',
      fn: () => {
        throw 'plain string';
      },
      ...limits,
    });
    expect(await throws.outcome).toMatchObject({ status: 'failed', error: { message: 'plain string' } });
  });

  it('aborts the signal with a TimeoutError when the timeout passes', async () => {
    let reason: unknown;
    const run = new TaskRun({
      taskId: 'slow',
      fn: (signal) =>
        new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            reason = signal.reason;
            resolve();
          }),
        ),
      timeoutMs: 50,
      abortGraceMs: 5_000,
    });
    expect(await run.outcome).toEqual({ status: 'timed-out', settled: true });
    expect(reason).toMatchObject({ name: 'TimeoutError', message: "Task 'slow' timed out after 50ms" });
  });

  it('stops waiting for a function that ignores its signal after the grace period', async () => {
    const run = new TaskRun({
      taskId: 'stuck',
      fn: () => new Promise<void>(() => {}),
      timeoutMs: 30,
      abortGraceMs: 30,
    });
    expect(await run.outcome).toEqual({ status: 'timed-out', settled: false });
    expect(run.settled).toBe(false);
  });

  it('is interrupted, not failed, when stopped from outside', async () => {
    const run = new TaskRun({ taskId: 't', fn: (signal) => sleep(60_000, signal), ...limits });
    run.interrupt('the test is over');
    expect(await run.outcome).toEqual({ status: 'interrupted', settled: true });
  });
});

describe('logRunOutcome', () => {
  it('logs a failure as an error with the task id and returns the message to record', () => {
    const logger = new TestLogger();
    const error = new Error('no network');
    expect(logRunOutcome(logger, 'refresh', { status: 'failed', error }, limits)).toBe('no network');
    expect(logger.lines).toEqual([
      {
        level: 'error',
        message: "Task 'refresh' failed; it runs again at its next scheduled time",
        meta: { taskId: 'refresh', error },
      },
    ]);
  });

  it('tells the author to honour the signal when a run ignored it', () => {
    const logger = new TestLogger();
    const recorded = logRunOutcome(logger, 'stuck', { status: 'timed-out', settled: false }, limits);
    expect(recorded).toBe("Task 'stuck' timed out after 5s");
    expect(logger.lines[0]?.message).toMatch(/did not stop within 1s.*honour its AbortSignal/);
  });
});
