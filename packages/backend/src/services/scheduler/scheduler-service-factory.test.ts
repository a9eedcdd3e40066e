import type { LifecycleHook, SchedulerService } from '@greenroom/backend-plugin-api';
import { ConfigReader } from '@greenroom/config';
import { InputError, ServiceUnavailableError } from '@greenroom/errors';
import { TestLogger, waitFor } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { schedulerConfigSchema, schedulerConfigToMillis } from './scheduler-config.js';
import { schedulerServiceFactory } from './scheduler-service-factory.js';
import { createSchedulerHarness } from './scheduler-test-harness.js';

const harness = createSchedulerHarness();

describe('schedulerConfigSchema', () => {
  it('polls every second and waits five seconds for aborted runs by default', () => {
    const config = new ConfigReader({});
    expect(schedulerConfigToMillis(config.read('backend.scheduler', schedulerConfigSchema))).toEqual({
      pollIntervalMs: 1_000,
      abortGraceMs: 5_000,
    });
  });

  it('reads any duration form and names the key of a bad one', () => {
    const config = new ConfigReader({
      backend: { scheduler: { pollInterval: { milliseconds: 250 }, abortGracePeriod: '2s' } },
    });
    expect(schedulerConfigToMillis(config.read('backend.scheduler', schedulerConfigSchema))).toEqual({
      pollIntervalMs: 250,
      abortGraceMs: 2_000,
    });
    const bad = new ConfigReader({ backend: { scheduler: { pollInterval: 'often' } } });
    expect(() => bad.read('backend.scheduler', schedulerConfigSchema)).toThrow(InputError);
    expect(() => bad.read('backend.scheduler', schedulerConfigSchema)).toThrow(
      /backend\.scheduler\.pollInterval/,
    );
  });
});

describe.each(harness.databases.eachSupportedId())('schedulerServiceFactory on %s', (databaseId) => {
  it('creates a scheduler for the plugin that stops with the plugin', async () => {
    const shutdownHooks: LifecycleHook[] = [];
    const scheduler: SchedulerService = await schedulerServiceFactory.factory(
      {
        config: new ConfigReader({ backend: { scheduler: { pollInterval: { milliseconds: 50 } } } }),
        database: await harness.database(databaseId),
        logger: new TestLogger(),
        lifecycle: {
          addStartupHook: () => {},
          addShutdownHook: (hook: LifecycleHook) => shutdownHooks.push(hook),
        },
        pluginMetadata: { getId: () => 'my-plugin' },
      },
      undefined,
    );
    let runs = 0;
    await scheduler.scheduleTask({
      id: 'from-factory',
      frequency: { milliseconds: 100 },
      timeout: { seconds: 5 },
      fn: () => {
        runs++;
      },
    });
    await waitFor(() => runs >= 2, 'two runs');

    expect(shutdownHooks).toHaveLength(1);
    await shutdownHooks[0]!();
    await expect(
      scheduler.scheduleTask({ id: 'late', frequency: 'PT1M', timeout: 'PT1M', fn: () => {} }),
    ).rejects.toThrow(ServiceUnavailableError);
  });
});
