import type { FastifyRequest } from 'fastify';

/** A signed-in user. */
export interface UserPrincipal {
  type: 'user';
  userEntityRef: string;
}
/** Another backend plugin or an external caller with a service token. */
export interface ServicePrincipal {
  type: 'service';
  subject: string;
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
}

/**
 * Verifies tokens. The Identity capability installs the real token issuers; until
 * then no token is valid and only public routes can be called.
 */
export interface AuthService {
  /** Verifies a bearer token; throws `AuthenticationError` when it is not valid. */
  authenticate(token: string): Promise<Credentials>;
  getNoneCredentials(): Credentials<NonePrincipal>;
  isPrincipal<T extends PrincipalType>(
    credentials: Credentials,
    type: T,
  ): credentials is Credentials<Extract<Principal, { type: T }>>;
}

/**
 * Extracts credentials from a request. `allow` lists the principal types a route
 * accepts; any other caller gets an `AuthenticationError` (401) or `NotAllowedError` (403).
 *
 * @example
 * const credentials = await httpAuth.credentials(request, { allow: ['user'] });
 */
export interface HttpAuthService {
  credentials<T extends PrincipalType = PrincipalType>(
    request: FastifyRequest,
    options?: { allow?: T[]; allowLimitedAccess?: boolean },
  ): Promise<Credentials<Extract<Principal, { type: T }>>>;
}
