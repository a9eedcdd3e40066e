import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { auditorConfigSchema } from './auditor-config.js';
import { DefaultAuditorService } from './default-auditor-service.js';

/**
 * Each plugin's auditor, writing through the plugin's logger at the levels configured
 * in `backend.auditor.severityLogLevelMappings` (read once for all plugins).
 *
 * @example
 * reg.registerInit({ deps: { auditor: coreServices.auditor }, async init({ auditor }) { … } });
 */
export const auditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  rootDeps: { config: coreServices.rootConfig },
  createRootContext: ({ config }) => config.read('backend.auditor', auditorConfigSchema),
  deps: { logger: coreServices.logger, httpAuth: coreServices.httpAuth, plugin: coreServices.pluginMetadata },
  factory: ({ logger, httpAuth, plugin }, config) =>
    new DefaultAuditorService({
      logger,
      httpAuth,
      pluginId: plugin.getId(),
      severityLogLevels: config.severityLogLevelMappings,
    }),
});
