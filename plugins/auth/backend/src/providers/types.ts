import type { Logger } from '@greenroom/backend-plugin-api';
import type { z } from 'zod';

/**
 * The contract between the auth plugin and a sign-in provider module. The plugin owns
 * the browser flow (start, handler/frame, refresh, logout), state, nonce, PKCE, scope
 * merging, sessions and tokens; a provider only knows how to talk to its identity
 * provider. Adding a provider is adding a module that registers one
 * {@link AuthProviderRegistration} through `authProvidersExtensionPoint`.
 */

/** Tokens from the identity provider (never sent to the browser except the access token when asked). */
export interface ProviderTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** The scopes the provider granted, space separated; falls back to the requested ones. */
  scope?: string;
  expiresInSeconds?: number;
}

/** What the provider tells us about the person signing in. */
export interface ProviderProfile {
  email?: string;
  displayName?: string;
  picture?: string;
  /** The provider's login name (GitHub login, GitLab username, …) when it has one. */
  username?: string;
}

/** A profile plus the provider's raw user data, for sign-in resolvers. */
export interface ProviderUserInfo {
  profile: ProviderProfile;
  /** Raw claims / user object from the provider (e.g. GitHub's `/user` JSON, OIDC userinfo claims). */
  raw: Record<string, unknown>;
}

/** Everything a provider needs to build the authorization redirect. */
export interface AuthorizationRequest {
  state: string;
  /** Scopes to request, already merged (required + additionalScopes + asked for) and joined. */
  scope: string;
  /** PKCE S256 challenge; providers that do not support PKCE ignore it. */
  codeChallenge: string;
  nonce: string;
  callbackUrl: string;
  /** e.g. `consent` or `login`; passed through from the start request's `prompt`. */
  prompt?: string;
}

export interface CodeExchangeRequest {
  code: string;
  codeVerifier: string;
  nonce: string;
  callbackUrl: string;
  /** The state the flow was started with (already checked by the plugin). */
  state?: string;
  /**
   * Every query parameter of the callback (code, state, iss, …), for providers whose
   * client library validates the whole authorization response (OIDC's `iss`, RFC 9207).
   */
  callbackParameters?: Record<string, string>;
}

/**
 * A configured provider instance, created once at startup per configured
 * environment (`auth.providers.<providerId>.<env>`).
 */
export interface ProviderAuthenticator {
  authorizationUrl(request: AuthorizationRequest): Promise<string> | string;
  exchangeCode(request: CodeExchangeRequest): Promise<ProviderTokens>;
  /**
   * Uses the provider's refresh token; providers without refresh tokens (GitHub OAuth
   * apps) omit this and the plugin keeps the session on its own refresh token.
   */
  refresh?(request: { refreshToken: string; scope: string }): Promise<ProviderTokens>;
  fetchUserInfo(tokens: ProviderTokens): Promise<ProviderUserInfo>;
  /** Revokes the provider's tokens at logout, when the provider supports it. */
  revoke?(tokens: ProviderTokens): Promise<void>;
}

/** Passed to {@link AuthProviderRegistration.create}. */
export interface AuthProviderContext<TConfig> {
  /** The provider's config block, validated by `configSchema`. */
  config: TConfig;
  /** `<backend.baseUrl>/api/auth/<providerId>/handler/frame`, unless config sets `callbackUrl`. */
  callbackUrl: string;
  logger: Logger;
}

/** Data a sign-in resolver receives. */
export interface SignInInfo {
  providerId: string;
  profile: ProviderProfile;
  raw: Record<string, unknown>;
}

/** The user a resolver settled on: who they are and what they own. */
export interface SignInResult {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/** Catalog lookups a resolver may use; the auth plugin implements them against the catalog. */
export interface SignInContext {
  /**
   * Signs in as the one User entity matching the query (an entity filter such as
   * `{ 'spec.profile.email': 'jane@example.com' }` or
   * `{ kind: 'user', 'metadata.annotations.github.com/user-login': 'jane' }`), with
   * ownership from its memberships. Throws `NotFoundError` with a clear message when no
   * user (or more than one) matches.
   */
  signInWithCatalogUser(query: { filter: Record<string, string> }): Promise<SignInResult>;
  /** Ownership for a user ref without a catalog entity (only when config allows it). */
  signInWithoutCatalogUser(userEntityRef: string): SignInResult;
}

export type SignInResolver = (info: SignInInfo, context: SignInContext) => Promise<SignInResult>;

/** A named resolver that config selects in `auth.providers.<id>.signIn.resolvers[].resolver`. */
export interface SignInResolverFactory<TOptions = unknown> {
  /** Options of this resolver in config, besides `resolver`. */
  optionsSchema?: z.ZodType<TOptions>;
  create(options: TOptions): SignInResolver;
}

/** What a provider module registers. */
export interface AuthProviderRegistration<TConfig = unknown> {
  /** `github`, `oidc`, `guest` … used in URLs and config. */
  providerId: string;
  /** Shown on the sign-in page (`GET /providers`); defaults to the provider id. */
  title?: string;
  /** Provider-specific config (client id/secret, endpoints, …); shown by `greenroom config schema`. */
  configSchema: z.ZodType<TConfig>;
  /** Scopes always requested, whatever config or the client asks for. */
  requiredScopes: string[];
  /** How scopes are joined in the authorization request; `' '` unless the provider wants `','`. */
  scopeSeparator?: string;
  create(context: AuthProviderContext<TConfig>): ProviderAuthenticator | Promise<ProviderAuthenticator>;
  /** Resolvers this provider adds beside the common ones (e.g. GitHub's username annotation). */
  resolvers?: Record<string, SignInResolverFactory<any>>;
}

/** Passed to {@link DirectSignInRegistration.signIn}. */
export interface DirectSignInContext<TConfig> {
  /** The provider's config block (`auth.providers.<providerId>`), validated by `configSchema`. */
  config: TConfig;
  /** `auth.environment`. */
  environment: string;
  logger: Logger;
  /** Catalog lookups; `signInWithCatalogUser` throws `NotFoundError` when nobody matches. */
  catalog: SignInContext & {
    /** The user entity with this ref and its ownership, or `undefined` when the catalog has none. */
    findUser(userEntityRef: string): Promise<SignInResult | undefined>;
  };
}

/**
 * A provider that signs in without an identity provider redirect (the guest provider):
 * `GET /<providerId>/refresh` without a session calls `signIn` and starts one. Its
 * config is the whole `auth.providers.<providerId>` block (no environments); the
 * provider is offered only when that block exists.
 */
export interface DirectSignInRegistration<TConfig = unknown> {
  kind: 'direct';
  providerId: string;
  title?: string;
  configSchema: z.ZodType<TConfig>;
  /** Signs someone in; throws `NotAllowedError` when the provider may not be used here. */
  signIn(context: DirectSignInContext<TConfig>): Promise<SignInResult & { profile: ProviderProfile }>;
  /** Whether the provider is offered at all in this environment (e.g. guest outside development). */
  isEnabled?(context: { config: TConfig; environment: string }): boolean;
}
