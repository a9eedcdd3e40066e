import { DefaultAuditorService } from '@greenroom/backend';
import { coreServices, createServiceFactory, type ServiceFactory } from '@greenroom/backend-plugin-api';
import type { TestLogger } from '@greenroom/test-utils';

/**
 * The real auditor, writing every plugin's audit events to `logger` (all severities at
 * info) so a test can assert them.
 *
 * @example
 * const audit = new TestLogger();
 * await startTestBackend({ features: [permissionPlugin, recordingAuditorFactory(audit)] });
 */
export function recordingAuditorFactory(logger: TestLogger): ServiceFactory {
  return createServiceFactory({
    service: coreServices.auditor,
    deps: { plugin: coreServices.pluginMetadata, httpAuth: coreServices.httpAuth },
    factory: ({ plugin, httpAuth }) =>
      new DefaultAuditorService({
        logger: logger.child({ plugin: plugin.getId() }),
        pluginId: plugin.getId(),
        httpAuth,
        severityLogLevels: { low: 'info', medium: 'info', high: 'info', critical: 'info' },
      }),
  });
}
