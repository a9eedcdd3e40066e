import {
  type AuthService,
  coreServices,
  createServiceFactory,
  type ServiceFactory,
} from '@greenroom/backend-plugin-api';
import { DefaultAuthService } from './default-auth-service.js';
import type { TokenHandler } from './token-handler.js';

/**
 * Creates a `coreServices.auth` factory that accepts the tokens of the given handlers,
 * tried in order. The Identity capability replaces this with its own token issuers.
 *
 * @example
 * backend.add(createAuthServiceFactory({ tokenHandlers: [staticTokenHandler] }));
 */
export function createAuthServiceFactory(options: {
  tokenHandlers: readonly TokenHandler[];
}): ServiceFactory<AuthService, 'plugin'> {
  return createServiceFactory({
    service: coreServices.auth,
    deps: { logger: coreServices.logger },
    factory: ({ logger }) => new DefaultAuthService({ tokenHandlers: options.tokenHandlers, logger }),
  });
}

/**
 * The default `coreServices.auth`: no token issuers yet, so every token is refused and
 * only public routes (see `httpRouter.addAuthPolicy`) can be called.
 */
export const authServiceFactory = createAuthServiceFactory({ tokenHandlers: [] });
