import type { Logger } from '@greenroom/backend-plugin-api';
import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createStitchTestCatalog, silentLogger } from '../stitching/stitch-test-catalog.js';
import { BatchLoop } from './batch-loop.js';

const databases = TestDatabases.create();

describe('BatchLoop', () => {
  it('runs batches back to back while they are full, then waits for the next poll', async () => {
    const claimed = [10, 10, 3];
    const calls: number[] = [];
    const runBatch = async (limit: number) => {
      calls.push(limit);
      return claimed.shift() ?? 0;
    };
    const loop = new BatchLoop({
      name: 'Testing',
      runBatch,
      logger: silentLogger,
      batchSize: 10,
      pollIntervalMs: 60_000,
    });
    loop.start();
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    loop.wake();
    await vi.waitFor(() => expect(calls).toHaveLength(4));
    await loop.stop();
    expect(calls).toEqual([10, 10, 10, 10]);
  });

  it('logs a failed batch and carries on after the back-off', async () => {
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (message) => errors.push(message) };
    let call = 0;
    const runBatch = async () => {
      call += 1;
      if (call === 1) throw new Error('connection reset');
      return 0;
    };
    const loop = new BatchLoop({
      name: 'Stitching',
      runBatch,
      logger,
      errorBackoffMs: 1,
      pollIntervalMs: 60_000,
    });
    loop.start();
    await vi.waitFor(() => expect(call).toBe(2));
    await loop.stop();
    expect(errors).toEqual([expect.stringContaining('Stitching a batch failed')]);
  });

  it('keeps `concurrency` batches in flight at once', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runBatch = async () => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await gate;
      inFlight -= 1;
      return 0;
    };
    const loop = new BatchLoop({
      name: 'Testing',
      runBatch,
      logger: silentLogger,
      concurrency: 2,
      pollIntervalMs: 60_000,
    });
    loop.start();
    await vi.waitFor(() => expect(inFlight).toBe(2));
    release();
    await loop.stop();
    expect(mostInFlight).toBe(2);
  });

  it('stops promptly while waiting for the next poll', async () => {
    const loop = new BatchLoop({
      name: 'Testing',
      runBatch: async () => 0,
      logger: silentLogger,
      pollIntervalMs: 3_600_000,
    });
    loop.start();
    await expect(loop.stop()).resolves.toBeUndefined();
  });

  describe.each(databases.eachSupportedId())('on %s', (databaseId) => {
    it('stitches what gets queued while it runs', async () => {
      const catalog = await createStitchTestCatalog(databases, databaseId);
      const loop = new BatchLoop({
        name: 'Stitching',
        runBatch: async (limit) => (await catalog.stitcher.stitchBatch({ limit })).claimed,
        logger: silentLogger,
        pollIntervalMs: 10,
      });
      loop.start();
      await catalog.seed([
        {
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'billing' },
            spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
          },
        },
      ]);
      await vi.waitFor(async () => expect(await catalog.final('component:default/billing')).toBeDefined());
      await loop.stop();
    });
  });
});
