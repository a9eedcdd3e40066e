import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { DefaultHttpAuthService } from './default-http-auth-service.js';

/**
 * The default `coreServices.httpAuth`: reads `Authorization: Bearer` tokens (and the
 * `greenroom-auth` cookie where limited access is allowed) and verifies them with the
 * plugin's `coreServices.auth`.
 *
 * @example
 * backend.add(httpAuthServiceFactory);
 */
export const httpAuthServiceFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: {
    auth: coreServices.auth,
    logger: coreServices.logger,
    discovery: coreServices.discovery,
    pluginMetadata: coreServices.pluginMetadata,
  },
  factory: ({ auth, logger, discovery, pluginMetadata }) =>
    new DefaultHttpAuthService({ auth, logger, discovery, pluginId: pluginMetadata.getId() }),
});
