import type {
  AuthService,
  Credentials,
  Logger,
  NonePrincipal,
  Principal,
  PrincipalType,
  ServicePrincipal,
  UserPrincipal,
} from '@greenroom/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@greenroom/errors';
import { createCredentials, tokenOfCredentials } from './credentials.js';
import type { PluginTokens } from './plugin-tokens.js';
import { type TokenHandler, TokenRefusal } from './token-handler.js';
import { MAX_TOKEN_LENGTH } from './token-types.js';

const NONE = createCredentials<NonePrincipal>({ type: 'none' });

/** Options of {@link DefaultAuthService}. */
export interface DefaultAuthServiceOptions {
  /** Verify tokens, asked in order. */
  tokenHandlers: readonly TokenHandler[];
  logger: Logger;
  /** The plugin this service belongs to (default `unknown`, for tests of verification alone). */
  pluginId?: string;
  /** Signs this plugin's tokens; without it issuing tokens fails. */
  pluginTokens?: PluginTokens;
  /** `backend.auth.dangerouslyDisableDefaultAuthPolicy`: `none` credentials may call other plugins. */
  allowNoneCredentialsRequests?: boolean;
}

/**
 * The `AuthService` of one plugin. Verifies tokens by asking each {@link TokenHandler}
 * in turn (user tokens, plugin tokens, limited user tokens, external access); a
 * refused token is logged with its reason (never the token) and answered with a
 * generic `AuthenticationError`. Issues plugin tokens and limited user tokens
 * signed with the plugin's own keys.
 *
 * @example
 * const credentials = await auth.authenticate(token);
 * const { token: forSearch } = await auth.getPluginRequestToken({ onBehalfOf: credentials, targetPluginId: 'search' });
 */
export class DefaultAuthService implements AuthService {
  readonly #tokenHandlers: readonly TokenHandler[];
  readonly #logger: Logger;
  readonly #pluginId: string;
  readonly #pluginTokens: PluginTokens | undefined;
  readonly #allowNone: boolean;

  constructor(options: DefaultAuthServiceOptions) {
    this.#tokenHandlers = [...options.tokenHandlers];
    this.#logger = options.logger;
    this.#pluginId = options.pluginId ?? 'unknown';
    this.#pluginTokens = options.pluginTokens;
    this.#allowNone = options.allowNoneCredentialsRequests ?? false;
  }

  async authenticate(token: string, options?: { allowLimitedAccess?: boolean }): Promise<Credentials> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      this.#logger.debug('Refused a token: empty, not a string or longer than the limit', {
        maxLength: MAX_TOKEN_LENGTH,
      });
      throw new AuthenticationError('Invalid token');
    }
    const verifyOptions = { allowLimitedAccess: options?.allowLimitedAccess ?? false };
    for (const handler of this.#tokenHandlers) {
      let credentials: Credentials | undefined;
      try {
        credentials = await handler.verify(token, verifyOptions);
      } catch (error) {
        if (error instanceof TokenRefusal) {
          this.#logger.warn(`Refused a ${error.kind}: ${error.reason}`, {
            kind: error.kind,
            reason: error.reason,
          });
          throw new AuthenticationError('Invalid token');
        }
        if (error instanceof NotAllowedError) {
          this.#logger.warn(`Refused a token: ${error.message}`, { plugin: this.#pluginId });
        }
        throw error;
      }
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

  async getOwnServiceCredentials(): Promise<Credentials<ServicePrincipal>> {
    return createCredentials<ServicePrincipal>({ type: 'service', subject: `plugin:${this.#pluginId}` });
  }

  isPrincipal<T extends PrincipalType>(
    credentials: Credentials,
    type: T,
  ): credentials is Credentials<Extract<Principal, { type: T }>> {
    return credentials.principal.type === type;
  }

  /**
   * - user credentials from a token → an on-behalf-of token carrying that token;
   * - service credentials (this plugin, another plugin or an external caller) → a
   *   token of this plugin's own identity: the target sees `plugin:<this plugin>`,
   *   never the original caller, who might not be allowed to call the target directly;
   * - `none` → refused, unless `backend.auth.dangerouslyDisableDefaultAuthPolicy`.
   */
  async getPluginRequestToken(options: {
    onBehalfOf: Credentials;
    targetPluginId: string;
  }): Promise<{ token: string }> {
    const { onBehalfOf, targetPluginId } = options;
    const tokens = this.#requirePluginTokens();
    const principal = onBehalfOf.principal;
    if (principal.type === 'user') {
      const held = tokenOfCredentials(onBehalfOf);
      if (!held) {
        throw new NotAllowedError(
          `Cannot call plugin '${targetPluginId}' on behalf of '${principal.userEntityRef}': these user credentials ` +
            'did not come from a verified token (pass the credentials httpAuth.credentials returned)',
        );
      }
      return tokens.issue({
        targetPluginId,
        obo: { token: held.token, ...(onBehalfOf.expiresAt ? { expiresAt: onBehalfOf.expiresAt } : {}) },
      });
    }
    if (principal.type === 'service') return tokens.issue({ targetPluginId });
    if (this.#allowNone) return tokens.issue({ targetPluginId });
    throw new AuthenticationError(
      `Cannot call plugin '${targetPluginId}' on behalf of a caller without credentials; ` +
        'pass user or service credentials (e.g. auth.getOwnServiceCredentials())',
    );
  }

  async getLimitedUserToken(
    credentials: Credentials<UserPrincipal>,
  ): Promise<{ token: string; expiresAt: Date }> {
    if (credentials.principal.type !== 'user') {
      throw new TypeError('getLimitedUserToken needs user credentials');
    }
    const expiresAt = credentials.expiresAt ?? new Date(Date.now() + 60 * 60_000);
    return this.#requirePluginTokens().issueLimited(credentials.principal.userEntityRef, expiresAt);
  }

  #requirePluginTokens(): PluginTokens {
    if (!this.#pluginTokens) {
      throw new Error(
        `The auth service of plugin '${this.#pluginId}' has no signing keys (no pluginTokens given)`,
      );
    }
    return this.#pluginTokens;
  }
}
