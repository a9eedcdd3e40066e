import type { AuditorService, Logger } from '@greenroom/backend-plugin-api';
import { AuthenticationError, InputError, NotAllowedError, NotFoundError } from '@greenroom/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mergeScopes, splitScopes } from '../config/auth-config.js';
import type { AllowedOrigins } from '../flow/allowed-origins.js';
import { readCookie, setCookie } from '../flow/cookies.js';
import type { PendingFlows } from '../flow/pending-flows.js';
import { POPUP_PAGE_CSP, popupResponsePage, signInFailedPage } from '../flow/popup-page.js';
import { hashSecret, pkceChallenge, randomSecret } from '../flow/secrets.js';
import type { UserTokenIssuer } from '../identity/user-tokens.js';
import type { ProviderProfile, ProviderTokens, SignInResult } from '../providers/types.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { UserInfoStore } from '../sessions/user-info-store.js';
import type { CatalogIdentity } from '../sign-in/catalog-identity.js';
import type { ConfiguredProvider, ProviderEnvironment } from './provider-registry.js';

/** What the web app gets from a sign-in or refresh (Backstage's shape). */
export interface SessionResponse {
  profile: ProviderProfile;
  providerInfo?: { accessToken: string; idToken?: string; scope: string; expiresInSeconds?: number };
  backstageIdentity: {
    token: string;
    expiresInSeconds: number;
    identity: { type: 'user'; userEntityRef: string; ownershipEntityRefs: string[] };
  };
}

/** Input of `start`, validated by the route. */
export interface StartRequest {
  env?: string | undefined;
  scope?: string | undefined;
  origin?: string | undefined;
  flow?: 'popup' | 'redirect' | undefined;
  redirectUrl?: string | undefined;
  prompt?: string | undefined;
}

const BINDING_COOKIE_TTL_MS = 10 * 60_000;
const GENERIC_FAILURE =
  'Sign-in failed; try again, and ask an administrator to check the server log if it keeps failing';

/** What {@link AuthFlows} works with. */
export interface AuthFlowsOptions {
  environment: string;
  origins: AllowedOrigins;
  pendingFlows: PendingFlows;
  sessions: SessionStore;
  userInfo: UserInfoStore;
  tokens: UserTokenIssuer;
  catalog: CatalogIdentity;
  auditor: AuditorService;
  logger: Logger;
  /** Path of the plugin as browsers see it, e.g. `/api/auth`. */
  cookiePathBase: string;
  secureCookies: boolean;
}

/**
 * The browser sign-in flows of every provider: start → identity provider →
 * handler/frame, then refresh and logout on the session cookie. The plugin owns state,
 * nonce, PKCE, the browser-binding cookie, scopes, sessions and tokens; providers only
 * talk to their identity provider.
 *
 * @example
 * await flows.start(provider, query, reply);
 */
export class AuthFlows {
  readonly #o: AuthFlowsOptions;

  constructor(options: AuthFlowsOptions) {
    this.#o = options;
  }

  /** Redirects to the identity provider, remembering the flow under a fresh state. */
  async start(provider: ConfiguredProvider, request: StartRequest, reply: FastifyReply): Promise<void> {
    const env = this.#environmentOf(provider, request.env);
    const origin = this.#o.origins.checkOrigin(request.origin ?? this.#o.origins.default);
    const flow = request.flow ?? 'popup';
    let redirectUrl: string | undefined;
    if (flow === 'redirect') {
      if (!request.redirectUrl) throw new InputError('A redirect flow needs a redirectUrl query parameter');
      redirectUrl = this.#o.origins.checkRedirectUrl(request.redirectUrl);
    }
    const scopes = mergeScopes(env.environment.scopes, splitScopes(request.scope));
    const state = randomSecret();
    const nonce = randomSecret();
    const codeVerifier = randomSecret();
    const binding = randomSecret();
    await this.#o.pendingFlows.save(state, {
      providerId: provider.id,
      environment: env.name,
      origin,
      flow,
      ...(redirectUrl ? { redirectUrl } : {}),
      scope: scopes.join(' '),
      nonce,
      codeVerifier,
      bindingHash: hashSecret(binding),
    });
    const url = await env.environment.authenticator.authorizationUrl({
      state,
      scope: scopes.join(env.environment.scopeSeparator),
      codeChallenge: pkceChallenge(codeVerifier),
      nonce,
      callbackUrl: env.environment.callbackUrl,
      ...(request.prompt ? { prompt: request.prompt } : {}),
    });
    setCookie(reply, bindingCookie(provider.id), binding, {
      path: `${this.#o.cookiePathBase}/${provider.id}/handler`,
      secure: this.#o.secureCookies,
      maxAgeMs: BINDING_COOKIE_TTL_MS,
    });
    await reply.redirect(url, 302);
  }

  /** The identity provider's callback: exchanges the code, signs in, reports to the web app. */
  async handleCallback(
    provider: ConfiguredProvider,
    request: FastifyRequest,
    parameters: Record<string, string>,
    reply: FastifyReply,
  ): Promise<void> {
    const state = parameters.state;
    const pending = state ? await this.#o.pendingFlows.take(state) : undefined;
    const binding = readCookie(request, bindingCookie(provider.id));
    if (
      !pending ||
      pending.providerId !== provider.id ||
      !binding ||
      hashSecret(binding) !== pending.bindingHash
    ) {
      this.#o.logger.warn('Refused a sign-in callback with an unknown, used, expired or foreign state', {
        provider: provider.id,
        hasState: Boolean(state),
        browserBound: Boolean(binding),
      });
      await sendPage(reply, 400, signInFailedPage('This sign-in is unknown or has expired.'));
      return;
    }
    setCookie(reply, bindingCookie(provider.id), '', {
      path: `${this.#o.cookiePathBase}/${provider.id}/handler`,
      secure: this.#o.secureCookies,
      maxAgeMs: 0,
    });
    // Not `request`: its URL carries the authorization code, which must not reach the logs.
    const audit = await this.#o.auditor.createEvent({
      eventId: 'auth-sign-in',
      meta: { providerId: provider.id, environment: pending.environment, ip: request.ip },
    });
    try {
      const env = this.#environmentOf(provider, pending.environment);
      if (parameters.error) {
        throw new AuthenticationError(
          `The identity provider refused the sign-in (${parameters.error.slice(0, 100)})`,
        );
      }
      if (!parameters.code) throw new InputError('The identity provider sent no authorization code');
      const tokens = await env.environment.authenticator.exchangeCode({
        code: parameters.code,
        codeVerifier: pending.codeVerifier,
        nonce: pending.nonce,
        callbackUrl: env.environment.callbackUrl,
        state: state!,
        callbackParameters: parameters,
      });
      const info = await env.environment.authenticator.fetchUserInfo(tokens);
      const result = await env.environment.resolution.resolve(
        { providerId: provider.id, profile: info.profile, raw: info.raw },
        this.#o.catalog,
      );
      const scope = tokens.scope ?? pending.scope;
      const response = await this.#startSession(reply, provider.id, pending.environment, {
        result,
        profile: info.profile,
        scope: mergeScopes(splitScopes(pending.scope), splitScopes(tokens.scope)).join(' '),
        providerTokens: tokens,
        providerScope: scope,
      });
      await audit.success({ meta: { userEntityRef: result.userEntityRef } });
      if (pending.flow === 'redirect' && pending.redirectUrl) {
        await reply.redirect(pending.redirectUrl, 302);
        return;
      }
      await sendPage(
        reply,
        200,
        popupResponsePage({ origin: pending.origin, message: { type: 'authorization_response', response } }),
      );
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      await audit.fail({ error: failure });
      this.#o.logger.warn(`Sign-in with ${provider.id} failed: ${failure.message}`, {
        provider: provider.id,
      });
      // A refusal by the resolvers is for the person signing in; anything else stays in the log.
      const message = failure instanceof NotAllowedError ? failure.message : GENERIC_FAILURE;
      const name = failure instanceof NotAllowedError ? 'NotAllowedError' : 'AuthenticationError';
      if (pending.flow === 'redirect') {
        await sendPage(reply, 401, signInFailedPage(message));
        return;
      }
      await sendPage(
        reply,
        200,
        popupResponsePage({
          origin: pending.origin,
          message: { type: 'authorization_response', error: { name, message } },
        }),
      );
    }
  }

  /** Rotates the session cookie and returns fresh tokens; signs a direct provider (guest) in. */
  async refresh(
    provider: ConfiguredProvider,
    request: FastifyRequest,
    query: { env?: string | undefined; scope?: string | undefined },
    reply: FastifyReply,
  ): Promise<SessionResponse> {
    // The guest (a development provider) also answers plain GETs, as Backstage's does:
    // scripts and benchmarks fetch a guest token that way.
    if (provider.kind !== 'direct') requireXhr(request);
    const cookie = refreshCookie(provider.id);
    const refreshToken = readCookie(request, cookie);
    if (provider.kind === 'oauth') this.#environmentOf(provider, query.env);
    if (!refreshToken) {
      if (provider.kind === 'direct') return this.#directSignIn(provider, request, reply);
      throw new AuthenticationError('No session: sign in first');
    }
    let providerScope: string | undefined;
    const rotation = await this.#o.sessions.rotate(refreshToken, async (session) => {
      if (session.providerId !== provider.id)
        throw new AuthenticationError('The session belongs to another provider');
      const scope = mergeScopes(splitScopes(session.scope), splitScopes(query.scope)).join(' ');
      if (provider.kind !== 'oauth') return session;
      const env = this.#environmentOf(provider, session.environment).environment;
      const previous = session.providerTokens;
      if (!env.authenticator.refresh || !previous?.refreshToken) {
        providerScope = previous?.scope ?? scope;
        return { ...session, scope };
      }
      // Ask the provider for what it granted before plus anything newly asked for: asking
      // a refresh for more than the original grant fails at most providers.
      const providerAsk = mergeScopes(splitScopes(previous.scope ?? session.scope), splitScopes(query.scope));
      const { authenticator } = env;
      let fresh: ProviderTokens;
      let info: Awaited<ReturnType<typeof env.authenticator.fetchUserInfo>>;
      try {
        fresh = await authenticator.refresh!({
          refreshToken: previous.refreshToken,
          scope: providerAsk.join(env.scopeSeparator),
        });
        info = await env.authenticator.fetchUserInfo({
          ...fresh,
          refreshToken: fresh.refreshToken ?? previous.refreshToken,
        });
      } catch (error) {
        this.#o.logger.warn(`Could not renew a ${provider.id} session at the identity provider`, {
          provider: provider.id,
          reason: error instanceof Error ? error.message : String(error),
        });
        throw new AuthenticationError(
          'The identity provider did not renew the session; try again or sign in again',
        );
      }
      const tokens: ProviderTokens = { ...fresh, refreshToken: fresh.refreshToken ?? previous.refreshToken };
      const result = await env.resolution.resolve(
        { providerId: provider.id, profile: info.profile, raw: info.raw },
        this.#o.catalog,
      );
      await this.#o.userInfo.save(result);
      providerScope = fresh.scope ?? scope;
      return {
        ...session,
        scope,
        profile: info.profile,
        userEntityRef: result.userEntityRef,
        providerTokens: tokens,
      };
    });
    if (rotation.outcome === 'reused') {
      this.#o.logger.warn(
        'A refresh token was used again after it had been rotated; the whole session was revoked (a copied cookie?)',
        { provider: provider.id, userEntityRef: rotation.userEntityRef },
      );
      const event = await this.#o.auditor.createEvent({
        eventId: 'auth-refresh-token-reuse',
        severityLevel: 'high',
        request,
        meta: { providerId: provider.id, userEntityRef: rotation.userEntityRef },
      });
      await event.fail({ error: new AuthenticationError('Refresh token reused; session revoked') });
    }
    if (rotation.outcome !== 'rotated') {
      this.#clearRefreshCookie(reply, provider.id);
      if (provider.kind === 'direct' && rotation.outcome === 'invalid') {
        return this.#directSignIn(provider, request, reply);
      }
      throw new AuthenticationError('The session is invalid or has expired: sign in again');
    }
    const { session } = rotation;
    this.#setRefreshCookie(reply, provider.id, rotation.refreshToken);
    const info = await this.#o.userInfo.get(session.userEntityRef);
    const identity = await this.#o.tokens.issue(session.userEntityRef);
    const tokens = session.providerTokens;
    return {
      profile: session.profile,
      ...(provider.kind === 'oauth' && tokens
        ? { providerInfo: providerInfo(tokens, providerScope ?? session.scope) }
        : {}),
      backstageIdentity: {
        token: identity.token,
        expiresInSeconds: identity.expiresInSeconds,
        identity: {
          type: 'user',
          userEntityRef: session.userEntityRef,
          ownershipEntityRefs: info.ownershipEntityRefs,
        },
      },
    };
  }

  /** Revokes the session of the cookie, clears the cookie and revokes the provider's tokens when it can. */
  async logout(provider: ConfiguredProvider, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    requireXhr(request);
    const refreshToken = readCookie(request, refreshCookie(provider.id));
    const found = refreshToken ? await this.#o.sessions.familyOf(refreshToken) : undefined;
    if (found) {
      await this.#o.sessions.revokeFamily(found.familyId);
      const tokens = found.session.providerTokens;
      if (provider.kind === 'oauth' && tokens) {
        const env = provider.environments.get(found.session.environment);
        await env?.authenticator.revoke?.(tokens).catch((error: unknown) => {
          this.#o.logger.warn(`Could not revoke the ${provider.id} tokens at logout`, {
            error: error instanceof Error ? error.message : String(error),
          });
        });
      }
      const event = await this.#o.auditor.createEvent({
        eventId: 'auth-logout',
        request,
        meta: { providerId: provider.id, userEntityRef: found.session.userEntityRef },
      });
      await event.success();
    }
    this.#clearRefreshCookie(reply, provider.id);
  }

  async #directSignIn(
    provider: Extract<ConfiguredProvider, { kind: 'direct' }>,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<SessionResponse> {
    const audit = await this.#o.auditor.createEvent({
      eventId: 'auth-sign-in',
      request,
      meta: { providerId: provider.id, environment: this.#o.environment },
    });
    try {
      const catalog = this.#o.catalog;
      const signedIn = await provider.registration.signIn({
        config: provider.config,
        environment: this.#o.environment,
        logger: this.#o.logger.child({ provider: provider.id }),
        catalog: {
          signInWithCatalogUser: (query) => catalog.signInWithCatalogUser(query),
          signInWithoutCatalogUser: (ref) => ({ userEntityRef: ref, ownershipEntityRefs: [ref] }),
          findUser: (ref) => catalog.findUser(ref),
        },
      });
      const response = await this.#startSession(reply, provider.id, this.#o.environment, {
        result: signedIn,
        profile: signedIn.profile,
        scope: '',
      });
      await audit.success({ meta: { userEntityRef: signedIn.userEntityRef } });
      return response;
    } catch (error) {
      await audit.fail({ error: error instanceof Error ? error : new Error(String(error)) });
      throw error;
    }
  }

  async #startSession(
    reply: FastifyReply,
    providerId: string,
    environment: string,
    session: {
      result: SignInResult;
      profile: ProviderProfile;
      scope: string;
      providerTokens?: ProviderTokens;
      providerScope?: string;
    },
  ): Promise<SessionResponse> {
    const { result } = session;
    await this.#o.userInfo.save(result);
    const { refreshToken } = await this.#o.sessions.create({
      providerId,
      environment,
      userEntityRef: result.userEntityRef,
      scope: session.scope,
      profile: session.profile,
      ...(session.providerTokens ? { providerTokens: session.providerTokens } : {}),
    });
    this.#setRefreshCookie(reply, providerId, refreshToken);
    const identity = await this.#o.tokens.issue(result.userEntityRef);
    return {
      profile: session.profile,
      ...(session.providerTokens
        ? { providerInfo: providerInfo(session.providerTokens, session.providerScope ?? session.scope) }
        : {}),
      backstageIdentity: {
        token: identity.token,
        expiresInSeconds: identity.expiresInSeconds,
        identity: {
          type: 'user',
          userEntityRef: result.userEntityRef,
          ownershipEntityRefs: result.ownershipEntityRefs,
        },
      },
    };
  }

  #environmentOf(
    provider: ConfiguredProvider,
    requested: string | undefined,
  ): { name: string; environment: ProviderEnvironment } {
    const name = requested ?? this.#o.environment;
    const environment = provider.kind === 'oauth' ? provider.environments.get(name) : undefined;
    if (!environment) {
      throw new NotFoundError(
        `The sign-in provider '${provider.id}' has no environment '${name}' configured`,
      );
    }
    return { name, environment };
  }

  #setRefreshCookie(reply: FastifyReply, providerId: string, token: string): void {
    setCookie(reply, refreshCookie(providerId), token, {
      path: `${this.#o.cookiePathBase}/${providerId}`,
      secure: this.#o.secureCookies,
      maxAgeMs: this.#o.sessions.expirationMs,
    });
  }

  #clearRefreshCookie(reply: FastifyReply, providerId: string): void {
    setCookie(reply, refreshCookie(providerId), '', {
      path: `${this.#o.cookiePathBase}/${providerId}`,
      secure: this.#o.secureCookies,
      maxAgeMs: 0,
    });
  }
}

/** The refresh cookie of a provider: `<providerId>-refresh-token`. */
export function refreshCookie(providerId: string): string {
  return `${providerId}-refresh-token`;
}

function bindingCookie(providerId: string): string {
  return `${providerId}-nonce`;
}

function providerInfo(tokens: ProviderTokens, scope: string): NonNullable<SessionResponse['providerInfo']> {
  return {
    accessToken: tokens.accessToken,
    ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    scope,
    ...(tokens.expiresInSeconds !== undefined ? { expiresInSeconds: tokens.expiresInSeconds } : {}),
  };
}

/** Refresh and logout are only for the web app's own scripts (a CSRF guard). */
function requireXhr(request: FastifyRequest): void {
  if (request.headers['x-requested-with'] !== 'XMLHttpRequest') {
    throw new AuthenticationError('Missing header X-Requested-With: XMLHttpRequest');
  }
}

async function sendPage(reply: FastifyReply, status: number, html: string): Promise<void> {
  await reply
    .code(status)
    .header('content-security-policy', POPUP_PAGE_CSP)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}
