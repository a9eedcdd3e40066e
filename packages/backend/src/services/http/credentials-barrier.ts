import type { HttpAuthService } from '@greenroom/backend-plugin-api';
import { AuthenticationError, errorStatusCode, isError } from '@greenroom/errors';
import type { FastifyRequest } from 'fastify';
import type { AuthPolicies } from './auth-policies.js';
import { pathOf } from './error-handler.js';

/**
 * The default auth policy of a plugin router as an `onRequest` hook: a request must
 * carry user or service credentials unless an `unauthenticated` policy covers its
 * path; `user-cookie` policies also accept the limited browser cookie. A refused
 * request never reaches the route and gets 401. Failures of the token issuers
 * themselves (5xx) stay server errors.
 *
 * @example
 * app.addHook('onRequest', createCredentialsBarrier({ basePath: '/api/catalog', policies, httpAuth }));
 */
export function createCredentialsBarrier(options: {
  basePath: string;
  policies: AuthPolicies;
  httpAuth: HttpAuthService;
}): (request: FastifyRequest) => Promise<void> {
  const { basePath, policies, httpAuth } = options;
  return async (request) => {
    const path = pathOf(request);
    const relative = path.startsWith(basePath) ? path.slice(basePath.length) || '/' : path;
    const policy = policies.match(relative);
    if (policy === 'unauthenticated') return;
    try {
      await httpAuth.credentials(request, {
        allow: ['user', 'service'],
        allowLimitedAccess: policy === 'user-cookie',
      });
    } catch (error) {
      const status = errorStatusCode(error);
      // 403: an external token restricted to other plugins ("This token's access is restricted…").
      if (status === 401 || status === 403 || status >= 500) throw error;
      throw new AuthenticationError(isError(error) ? error.message : String(error), error);
    }
  };
}
