import type { AuthService, ServiceFactory } from '@greenroom/backend-plugin-api';
import { createAuthServiceFactory, createCredentials } from '../../services/auth/index.js';

/**
 * A `coreServices.auth` factory that accepts exactly one bearer token, as the service
 * principal `subject`. Stands in for the token issuers of the Identity capability, so
 * tests can call routes that need credentials.
 *
 * @example
 * const backend = await backends.start({ features: [staticTokenAuth('t0ken', 'external:ci'), plugin] });
 * await backend.request('/api/plugin/private', { headers: { authorization: 'Bearer t0ken' } });
 */
export function staticTokenAuth(token: string, subject: string): ServiceFactory<AuthService, 'plugin'> {
  return createAuthServiceFactory({
    tokenHandlers: [
      {
        async verify(candidate) {
          return candidate === token ? createCredentials({ type: 'service', subject }) : undefined;
        },
      },
    ],
  });
}
