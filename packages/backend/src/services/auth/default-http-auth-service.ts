import type {
  AuthService,
  Credentials,
  DiscoveryService,
  FastifyRequest,
  HttpAuthService,
  Logger,
  Principal,
  PrincipalType,
  UserPrincipal,
} from '@greenroom/backend-plugin-api';
import { AuthenticationError, isError, NotAllowedError } from '@greenroom/errors';
import type { FastifyReply } from 'fastify';
import { readBearerToken } from './bearer-token.js';
import { formatUserCookie, readUserCookie } from './user-cookie.js';

/** Options of {@link DefaultHttpAuthService}. */
export interface DefaultHttpAuthServiceOptions {
  auth: AuthService;
  logger: Logger;
  /** The plugin (its external base URL's path is the cookie's path); cookie at `/` without it. */
  pluginId?: string;
  discovery?: DiscoveryService;
}

/**
 * Reads who is calling from a request: the `Authorization: Bearer` header first, then
 * (only where `allowLimitedAccess` is set) the `greenroom-auth` cookie. No credentials
 * means the `none` principal. The principal type is checked against `allow`. The
 * result is remembered per request, so the credentials barrier and the route verify a
 * token once.
 *
 * @example
 * const credentials = await httpAuth.credentials(request, { allow: ['user', 'service'] });
 */
export class DefaultHttpAuthService implements HttpAuthService {
  readonly #auth: AuthService;
  readonly #logger: Logger;
  readonly #pluginId: string | undefined;
  readonly #discovery: DiscoveryService | undefined;
  readonly #resolved = new WeakMap<FastifyRequest, Map<boolean, Promise<Credentials>>>();

  constructor(options: DefaultHttpAuthServiceOptions) {
    this.#auth = options.auth;
    this.#logger = options.logger;
    this.#pluginId = options.pluginId;
    this.#discovery = options.discovery;
  }

  async credentials<T extends PrincipalType = PrincipalType>(
    request: FastifyRequest,
    options?: { allow?: T[]; allowLimitedAccess?: boolean },
  ): Promise<Credentials<Extract<Principal, { type: T }>>> {
    const limited = options?.allowLimitedAccess ?? false;
    let byMode = this.#resolved.get(request);
    if (!byMode) {
      byMode = new Map();
      this.#resolved.set(request, byMode);
    }
    let pending = byMode.get(limited);
    if (!pending) {
      pending = this.#resolve(request, limited);
      byMode.set(limited, pending);
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

  async issueUserCookie(
    reply: FastifyReply,
    options?: { credentials?: Credentials<UserPrincipal> },
  ): Promise<{ expiresAt: Date }> {
    const credentials =
      options?.credentials ??
      (await this.credentials(reply.request, { allow: ['user'], allowLimitedAccess: true }));
    const { token, expiresAt } = await this.#auth.getLimitedUserToken(credentials);
    let path = '/';
    let secure = reply.request.protocol === 'https';
    if (this.#pluginId && this.#discovery) {
      const external = new URL(await this.#discovery.getExternalBaseUrl(this.#pluginId));
      path = external.pathname.replace(/\/+$/, '') || '/';
      secure ||= external.protocol === 'https:';
    }
    reply.header('set-cookie', formatUserCookie({ token, expiresAt, path, secure }));
    return { expiresAt };
  }

  async #resolve(request: FastifyRequest, allowLimitedAccess: boolean): Promise<Credentials> {
    try {
      const token = readBearerToken(request.headers.authorization);
      if (token !== undefined) return await this.#auth.authenticate(token, { allowLimitedAccess });
      if (allowLimitedAccess) {
        const cookie = readUserCookie(request.headers.cookie);
        if (cookie !== undefined) return await this.#auth.authenticate(cookie, { allowLimitedAccess });
      }
      return this.#auth.getNoneCredentials();
    } catch (error) {
      this.#logger.debug(`Rejected the credentials of ${request.method} ${request.url.split('?')[0]}`, {
        reason: isError(error) ? error.message : String(error),
      });
      throw error;
    }
  }
}
