import type {
  AuthService,
  Credentials,
  Logger,
  NonePrincipal,
  Principal,
  PrincipalType,
} from '@greenroom/backend-plugin-api';
import { AuthenticationError } from '@greenroom/errors';
import { createCredentials } from './credentials.js';
import type { TokenHandler } from './token-handler.js';

const NONE = createCredentials<NonePrincipal>({ type: 'none' });

/**
 * Verifies tokens by asking each installed {@link TokenHandler} in turn. With none
 * installed (until the Identity capability adds issuers) every token is refused.
 *
 * @example
 * const auth = new DefaultAuthService({ tokenHandlers: [], logger });
 * await auth.authenticate('abc'); // throws AuthenticationError
 */
export class DefaultAuthService implements AuthService {
  readonly #tokenHandlers: readonly TokenHandler[];
  readonly #logger: Logger;

  constructor(options: { tokenHandlers: readonly TokenHandler[]; logger: Logger }) {
    this.#tokenHandlers = [...options.tokenHandlers];
    this.#logger = options.logger;
  }

  async authenticate(token: string): Promise<Credentials> {
    for (const handler of this.#tokenHandlers) {
      const credentials = await handler.verify(token);
      if (credentials) return credentials;
    }
    this.#logger.debug('Refused a token: no token issuer accepted it', {
      tokenHandlers: this.#tokenHandlers.length,
    });
    throw new AuthenticationError(
      this.#tokenHandlers.length === 0
        ? 'Invalid token: no token issuer accepted this token (no token issuers are installed)'
        : 'Invalid token: no token issuer accepted this token',
    );
  }

  getNoneCredentials(): Credentials<NonePrincipal> {
    return NONE;
  }

  isPrincipal<T extends PrincipalType>(
    credentials: Credentials,
    type: T,
  ): credentials is Credentials<Extract<Principal, { type: T }>> {
    return credentials.principal.type === type;
  }
}
