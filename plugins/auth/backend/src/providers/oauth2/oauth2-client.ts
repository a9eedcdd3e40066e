import { AuthenticationError, BadGatewayError } from '@greenroom/errors';
import type { AuthorizationRequest, CodeExchangeRequest, ProviderTokens } from '../types.js';
import { callProvider, type ProviderCall, type ProviderResponse, parseJsonObject } from './provider-http.js';

/**
 * How the client proves itself at the token endpoint (RFC 6749 §2.3.1).
 *
 * @example
 * new OAuth2Client({ ...options, clientAuthentication: 'client_secret_basic' });
 */
export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post';

/**
 * Static settings of one OAuth 2.0 client.
 *
 * @example
 * const options: OAuth2ClientOptions = { providerName: 'Acme', clientId, clientSecret, authorizationUrl, tokenUrl };
 */
export interface OAuth2ClientOptions {
  /** Human name used in errors, e.g. `GitHub`. */
  providerName: string;
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** Default `client_secret_post` (id and secret in the form body). */
  clientAuthentication?: ClientAuthentication;
  /** Whether to send the PKCE S256 challenge and verifier; default true. */
  pkce?: boolean;
  /** Token request body encoding; a few providers (Atlassian) document JSON. Default `form`. */
  tokenRequestEncoding?: 'form' | 'json';
  /** Extra headers for token requests (e.g. GitHub's `Accept: application/json` is always sent). */
  tokenRequestHeaders?: Record<string, string>;
}

const OAUTH_ERROR_CODE = /^[\w.-]{1,64}$/;

/**
 * The authorization-code flow against one OAuth 2.0 provider: builds the authorization
 * URL, exchanges the code and refreshes tokens. Providers wrap it and add their user
 * profile call.
 *
 * @example
 * const client = new OAuth2Client({
 *   providerName: 'GitLab', clientId, clientSecret,
 *   authorizationUrl: 'https://gitlab.com/oauth/authorize', tokenUrl: 'https://gitlab.com/oauth/token',
 * });
 * const url = client.authorizationUrl(request);
 * const tokens = await client.exchangeCode(exchange);
 */
export class OAuth2Client {
  readonly #options: Required<Omit<OAuth2ClientOptions, 'tokenRequestHeaders'>> & {
    tokenRequestHeaders: Record<string, string>;
  };

  constructor(options: OAuth2ClientOptions) {
    this.#options = Object.freeze({
      clientAuthentication: 'client_secret_post',
      pkce: true,
      tokenRequestEncoding: 'form',
      tokenRequestHeaders: {},
      ...options,
    });
  }

  /**
   * The URL the browser is sent to. `extraParams` adds provider-specific parameters
   * (e.g. `access_type=offline`); undefined values are left out.
   */
  authorizationUrl(
    request: AuthorizationRequest,
    extraParams: Record<string, string | undefined> = {},
  ): string {
    const url = new URL(this.#options.authorizationUrl);
    const params: Record<string, string | undefined> = {
      response_type: 'code',
      client_id: this.#options.clientId,
      redirect_uri: request.callbackUrl,
      scope: request.scope || undefined,
      state: request.state,
      ...(this.#options.pkce ? { code_challenge: request.codeChallenge, code_challenge_method: 'S256' } : {}),
      prompt: request.prompt,
      ...extraParams,
    };
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    return url.toString();
  }

  /** Exchanges the authorization code (with the PKCE verifier) for tokens. */
  exchangeCode(request: CodeExchangeRequest): Promise<ProviderTokens> {
    return this.requestTokens('exchanging the authorization code', {
      grant_type: 'authorization_code',
      code: request.code,
      redirect_uri: request.callbackUrl,
      ...(this.#options.pkce ? { code_verifier: request.codeVerifier } : {}),
    });
  }

  /**
   * Uses a refresh token. When the provider does not rotate refresh tokens (its answer
   * has none), the one passed in is kept.
   */
  async refresh(refreshToken: string, scope?: string): Promise<ProviderTokens> {
    const tokens = await this.requestTokens('refreshing the session', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...(scope ? { scope } : {}),
    });
    return tokens.refreshToken ? tokens : { ...tokens, refreshToken };
  }

  /**
   * Revokes the grant at a token revocation endpoint (RFC 7009): the refresh token when
   * there is one (which ends the access tokens issued with it at most providers), else
   * the access token. A provider answering 200 counts as done.
   */
  async revoke(revocationUrl: string, tokens: ProviderTokens): Promise<void> {
    const call: ProviderCall = { provider: this.#options.providerName, step: 'revoking the tokens' };
    const [token, hint] = tokens.refreshToken
      ? [tokens.refreshToken, 'refresh_token']
      : [tokens.accessToken, 'access_token'];
    const response = await this.#post(call, revocationUrl, { token, token_type_hint: hint });
    if (response.status !== 200) {
      throw new BadGatewayError(`${call.provider} answered HTTP ${response.status} while ${call.step}`);
    }
  }

  /** POSTs to the token endpoint and parses the answer (RFC 6749 §5.1/§5.2). */
  async requestTokens(step: string, params: Record<string, string>): Promise<ProviderTokens> {
    const call: ProviderCall = { provider: this.#options.providerName, step };
    const response = await this.#post(call, this.#options.tokenUrl, params);
    if (response.status >= 500) {
      throw new BadGatewayError(`${call.provider} answered HTTP ${response.status} while ${step}`);
    }
    const json = parseJsonObject(call, response);
    // GitHub reports OAuth errors with status 200 and an `error` field.
    if (response.status >= 400 || json.error !== undefined) {
      const code =
        typeof json.error === 'string' && OAUTH_ERROR_CODE.test(json.error) ? json.error : 'unknown';
      throw new AuthenticationError(
        `${call.provider} refused the token request (HTTP ${response.status}, error '${code}') while ${step}; ` +
          (code === 'invalid_client' || code === 'unauthorized_client'
            ? 'check clientId and clientSecret in config'
            : 'sign in again'),
      );
    }
    return parseTokenResponse(call, json);
  }

  /** A client-authenticated POST to the token or revocation endpoint. */
  #post(call: ProviderCall, url: string, params: Record<string, string>): Promise<ProviderResponse> {
    const { clientId, clientSecret } = this.#options;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'Greenroom',
      ...this.#options.tokenRequestHeaders,
    };
    const fields: Record<string, string> = { ...params };
    if (this.#options.clientAuthentication === 'client_secret_basic') {
      // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
      const basic = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    } else {
      fields.client_id = clientId;
      fields.client_secret = clientSecret;
    }
    let body: string;
    if (this.#options.tokenRequestEncoding === 'json') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(fields);
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(fields).toString();
    }
    return callProvider(call, url, { method: 'POST', headers, body });
  }
}

/**
 * Reads the standard token response fields; the scope may come comma separated
 * (GitHub) and is normalised to space separated.
 *
 * @example
 * parseTokenResponse(call, { access_token: 'abc', expires_in: 3600 }); // { accessToken: 'abc', expiresInSeconds: 3600 }
 */
export function parseTokenResponse(call: ProviderCall, json: Record<string, unknown>): ProviderTokens {
  const accessToken = json.access_token;
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw new BadGatewayError(`${call.provider} answered ${call.step} without an access_token`);
  }
  const tokens: ProviderTokens = { accessToken };
  if (typeof json.refresh_token === 'string' && json.refresh_token) tokens.refreshToken = json.refresh_token;
  if (typeof json.id_token === 'string' && json.id_token) tokens.idToken = json.id_token;
  if (typeof json.scope === 'string') {
    const scope = json.scope
      .split(/[\s,]+/)
      .filter(Boolean)
      .join(' ');
    if (scope) tokens.scope = scope;
  }
  const expiresIn = typeof json.expires_in === 'string' ? Number(json.expires_in) : json.expires_in;
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0) {
    tokens.expiresInSeconds = Math.floor(expiresIn);
  }
  return tokens;
}
