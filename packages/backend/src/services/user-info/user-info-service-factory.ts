import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { DefaultUserInfoService } from './default-user-info-service.js';

/**
 * The default `coreServices.userInfo`: asks the auth plugin (`/api/auth/v1/userinfo`)
 * with an on-behalf-of plugin token.
 *
 * @example
 * backend.add(userInfoServiceFactory);
 */
export const userInfoServiceFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: { auth: coreServices.auth, discovery: coreServices.discovery },
  factory: ({ auth, discovery }) => new DefaultUserInfoService({ auth, discovery }),
});
