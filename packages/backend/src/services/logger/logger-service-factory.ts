import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { createRootLogger, type RootLoggerOptions } from './create-root-logger.js';
import { loggerConfigSchema } from './logger-config.js';

/**
 * A root logger factory with fixed options (e.g. a destination to capture output in
 * tests); `level` and `format` come from `backend.logger` unless given here.
 *
 * @example
 * const lines: string[] = [];
 * createRootLoggerServiceFactory({ destination: { write: (line) => lines.push(line) } });
 */
export function createRootLoggerServiceFactory(options: RootLoggerOptions = {}) {
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: { config: coreServices.rootConfig },
    factory({ config }) {
      const { level, format } = config.read('backend.logger', loggerConfigSchema);
      return createRootLogger({ level, ...(format ? { format } : {}), ...options });
    },
  });
}

/**
 * The root logger, configured from `backend.logger` (`LOG_LEVEL` overrides the level).
 *
 * @example
 * createBackend({ services: [rootLoggerServiceFactory] });
 */
export const rootLoggerServiceFactory = createRootLoggerServiceFactory();

/**
 * Each plugin's logger: a child of the root logger with `plugin: <pluginId>` on every line.
 *
 * @example
 * reg.registerInit({ deps: { logger: coreServices.logger }, async init({ logger }) { logger.info('Hi'); } });
 */
export const loggerServiceFactory = createServiceFactory({
  service: coreServices.logger,
  deps: { rootLogger: coreServices.rootLogger, plugin: coreServices.pluginMetadata },
  factory: ({ rootLogger, plugin }) => rootLogger.child({ plugin: plugin.getId() }),
});
