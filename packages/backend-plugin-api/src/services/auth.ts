import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A signed-in user. `actor` is set when a service acts on the user's behalf (an
 * on-behalf-of plugin token): the permissions are the user's, the caller is the service.
 */
export interface UserPrincipal {
  type: 'user';
  /** The user's entity ref in canonical form, e.g. `user:default/jane.doe`. */
  userEntityRef: string;
  actor?: { subject: string };
}

/**
 * What an external access token may do. Absent means no restriction.
 * Plugins that check permissions consult `permissionNames` / `permissionAttributes`.
 */
export interface AccessRestrictions {
  /** Permission names the token may use, e.g. `catalog.entity.read`. */
  permissionNames?: string[];
  /** Permission attributes the token may use, e.g. `{ action: ['read'] }`. */
  permissionAttributes?: { action?: Array<'create' | 'read' | 'update' | 'delete'> };
}

/**
 * Another backend plugin (`plugin:<pluginId>`) or an external caller
 * (`external:<subject>`) with a service token.
 */
export interface ServicePrincipal {
  type: 'service';
  subject: string;
  accessRestrictions?: AccessRestrictions;
}

/** Nobody: a request without credentials on a public route. */
export interface NonePrincipal {
  type: 'none';
}
export type Principal = UserPrincipal | ServicePrincipal | NonePrincipal;
export type PrincipalType = Principal['type'];

/** Who is calling. Obtain it from `httpAuth.credentials` and pass it on to other services. */
export interface Credentials<P extends Principal = Principal> {
  readonly $$type: '@greenroom/Credentials';
  readonly principal: P;
  /** When the token behind these credentials expires, if it does. */
  readonly expiresAt?: Date;
}

/**
 * Verifies and issues tokens. Tokens are verified by the installed token handlers:
 * user tokens of the auth plugin, plugin-to-plugin tokens, limited user tokens and
 * `backend.auth.externalAccess` tokens.
 *
 * @example
 * const credentials = await auth.authenticate(token);
 * const { token } = await auth.getPluginRequestToken({ onBehalfOf: credentials, targetPluginId: 'catalog' });
 */
export interface AuthService {
  /**
   * Verifies a token; throws `AuthenticationError` when it is not valid. Limited user
   * tokens (cookies) are refused unless `allowLimitedAccess` is set.
   */
  authenticate(token: string, options?: { allowLimitedAccess?: boolean }): Promise<Credentials>;
  getNoneCredentials(): Credentials<NonePrincipal>;
  /** The calling plugin's own identity, `plugin:<pluginId>`. */
  getOwnServiceCredentials(): Promise<Credentials<ServicePrincipal>>;
  isPrincipal<T extends PrincipalType>(
    credentials: Credentials,
    type: T,
  ): credentials is Credentials<Extract<Principal, { type: T }>>;
  /**
   * A token for calling `targetPluginId`. With user credentials the token carries the
   * user (on-behalf-of): the target sees that user with this plugin as `actor`.
   */
  getPluginRequestToken(options: {
    onBehalfOf: Credentials;
    targetPluginId: string;
  }): Promise<{ token: string }>;
  /** A limited user token for cookies (only accepted on routes that allow limited access). */
  getLimitedUserToken(credentials: Credentials<UserPrincipal>): Promise<{ token: string; expiresAt: Date }>;
}

/**
 * Extracts credentials from a request: the `Authorization: Bearer` header, or the
 * limited user cookie on routes that allow limited access. `allow` lists the principal
 * types a route accepts; any other caller gets an `AuthenticationError` (401) or
 * `NotAllowedError` (403).
 *
 * @example
 * const credentials = await httpAuth.credentials(request, { allow: ['user'] });
 */
export interface HttpAuthService {
  credentials<T extends PrincipalType = PrincipalType>(
    request: FastifyRequest,
    options?: { allow?: T[]; allowLimitedAccess?: boolean },
  ): Promise<Credentials<Extract<Principal, { type: T }>>>;
  /**
   * Sets the limited user cookie on the reply for the request's user (or the given
   * credentials) and returns when it expires.
   */
  issueUserCookie(
    reply: FastifyReply,
    options?: { credentials?: Credentials<UserPrincipal> },
  ): Promise<{ expiresAt: Date }>;
}

/** A user's identity and what they own, as recorded by the auth plugin at sign-in. */
export interface UserInfo {
  userEntityRef: string;
  /** The user, their groups and (if configured) parent groups, as entity refs. */
  ownershipEntityRefs: string[];
}

/**
 * Who a user is and what they own. Ownership is kept on the server (tokens stay
 * small however many groups someone is in).
 *
 * @example
 * const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
 */
export interface UserInfoService {
  getUserInfo(credentials: Credentials<UserPrincipal>): Promise<UserInfo>;
}
