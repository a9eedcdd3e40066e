import type {
  AuthService,
  Credentials,
  FastifyRequest,
  HttpAuthService,
  Logger,
  Principal,
  PrincipalType,
} from '@greenroom/backend-plugin-api';
import { AuthenticationError, isError, NotAllowedError } from '@greenroom/errors';
import { readBearerToken } from './bearer-token.js';

/**
 * Reads who is calling from a request's `Authorization: Bearer` header and checks the
 * principal type against `allow`. No header means the `none` principal. The result is
 * remembered per request, so the credentials barrier and the route verify a token once.
 * `allowLimitedAccess` (the limited browser cookie) has no effect until the Identity
 * capability adds cookies.
 *
 * @example
 * const credentials = await httpAuth.credentials(request, { allow: ['user', 'service'] });
 */
export class DefaultHttpAuthService implements HttpAuthService {
  readonly #auth: AuthService;
  readonly #logger: Logger;
  readonly #resolved = new WeakMap<FastifyRequest, Promise<Credentials>>();

  constructor(options: { auth: AuthService; logger: Logger }) {
    this.#auth = options.auth;
    this.#logger = options.logger;
  }

  async credentials<T extends PrincipalType = PrincipalType>(
    request: FastifyRequest,
    options?: { allow?: T[]; allowLimitedAccess?: boolean },
  ): Promise<Credentials<Extract<Principal, { type: T }>>> {
    let pending = this.#resolved.get(request);
    if (!pending) {
      pending = this.#resolve(request);
      this.#resolved.set(request, pending);
    }
    const credentials = await pending;
    const type = credentials.principal.type;
    if (options?.allow && !options.allow.includes(type as T)) {
      if (type === 'none') {
        throw new AuthenticationError(
          `Missing credentials: send 'Authorization: Bearer <token>' (accepted: ${options.allow.join(', ')})`,
        );
      }
      throw new NotAllowedError(
        `This endpoint does not accept ${type} credentials (accepted: ${options.allow.join(', ')})`,
      );
    }
    return credentials as Credentials<Extract<Principal, { type: T }>>;
  }

  async #resolve(request: FastifyRequest): Promise<Credentials> {
    try {
      const token = readBearerToken(request.headers.authorization);
      return token === undefined ? this.#auth.getNoneCredentials() : await this.#auth.authenticate(token);
    } catch (error) {
      this.#logger.debug(`Rejected the credentials of ${request.method} ${request.url.split('?')[0]}`, {
        reason: isError(error) ? error.message : String(error),
      });
      throw error;
    }
  }
}
