import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { DefaultPermissionsService } from './default-permissions-service.js';
import { permissionsServiceConfigSchema } from './permissions-config.js';

/**
 * The default `coreServices.permissions`: a client of the permission plugin that uses
 * the caller's credentials (on-behalf-of). `permission.enabled: false` (the default)
 * allows everything; the plugin logs that once at startup.
 *
 * @example
 * reg.registerInit({
 *   deps: { permissions: coreServices.permissions },
 *   async init({ permissions }) { ... },
 * });
 */
export const permissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    config: coreServices.rootConfig,
    auth: coreServices.auth,
    discovery: coreServices.discovery,
    logger: coreServices.logger,
  },
  factory({ config, auth, discovery, logger }) {
    const { enabled } = config.read('permission', permissionsServiceConfigSchema);
    if (!enabled) {
      logger.info("Permissions are off ('permission.enabled' is not true): every request is allowed");
    }
    return new DefaultPermissionsService({ auth, discovery, logger, enabled });
  },
});
