import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { DefaultSchedulerService } from './default-scheduler-service.js';
import { schedulerConfigSchema, schedulerConfigToMillis } from './scheduler-config.js';

/**
 * The default `coreServices.scheduler`: one {@link DefaultSchedulerService} per plugin,
 * storing global tasks in that plugin's database and stopping on plugin shutdown
 * (running tasks are aborted and their claims released so another instance takes over).
 *
 * @example
 * backend.add(schedulerServiceFactory); // installed by createBackend() already
 */
export const schedulerServiceFactory = createServiceFactory({
  service: coreServices.scheduler,
  deps: {
    config: coreServices.rootConfig,
    database: coreServices.database,
    logger: coreServices.logger,
    lifecycle: coreServices.lifecycle,
    pluginMetadata: coreServices.pluginMetadata,
  },
  factory({ config, database, logger, lifecycle, pluginMetadata }) {
    const { pollIntervalMs, abortGraceMs } = schedulerConfigToMillis(
      config.read('backend.scheduler', schedulerConfigSchema),
    );
    const scheduler = new DefaultSchedulerService({
      pluginId: pluginMetadata.getId(),
      database,
      logger: logger.child({ service: 'scheduler' }),
      pollIntervalMs,
      abortGraceMs,
    });
    lifecycle.addShutdownHook(() => scheduler.shutdown(), { label: 'scheduler' });
    return scheduler;
  },
});
