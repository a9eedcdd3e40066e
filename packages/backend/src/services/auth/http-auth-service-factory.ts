import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { DefaultHttpAuthService } from './default-http-auth-service.js';

/**
 * The default `coreServices.httpAuth`: reads `Authorization: Bearer` tokens and
 * verifies them with the plugin's `coreServices.auth`.
 *
 * @example
 * backend.add(httpAuthServiceFactory);
 */
export const httpAuthServiceFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { auth: coreServices.auth, logger: coreServices.logger },
  factory: ({ auth, logger }) => new DefaultHttpAuthService({ auth, logger }),
});
