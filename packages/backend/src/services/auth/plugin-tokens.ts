import type {
  Credentials,
  DiscoveryService,
  ServicePrincipal,
  UserPrincipal,
} from '@greenroom/backend-plugin-api';
import { PLUGIN_ID_PATTERN } from '@greenroom/backend-plugin-api';
import { jwtVerify, SignJWT } from 'jose';
import { createCredentials } from './credentials.js';
import type { PluginKeyStore } from './key-store/plugin-key-store.js';
import type { RemoteKeySets } from './remote-key-sets.js';
import { TokenRefusal } from './token-handler.js';
import {
  LIMITED_USER_TOKEN_TYPE,
  PLUGIN_TOKEN_TYPE,
  peekJwt,
  refusal,
  USER_TOKEN_TYPE,
} from './token-types.js';
import type { UserTokens } from './user-tokens.js';

/** How long a plugin token is valid at most. */
export const PLUGIN_TOKEN_LIFETIME_MS = 60 * 60_000;
/** The path under a plugin's base URL where its public keys are served. */
export const PLUGIN_JWKS_PATH = '/.backstage/auth/v1/jwks.json';

/** Options of {@link PluginTokens}. */
export interface PluginTokensOptions {
  pluginId: string;
  keyStore: PluginKeyStore;
  discovery: DiscoveryService;
  keySets: RemoteKeySets;
  userTokens: UserTokens;
  /** Algorithms accepted on tokens of other plugins (ES256, plus those of static keys). */
  algorithms: string[];
}

/** At most this many minted tokens are kept for reuse (per plugin). */
const MAX_MINTED_TOKENS = 1000;

/**
 * Issues and verifies the tokens one plugin signs with its own keys:
 * - plugin tokens (`typ` `vnd.backstage.plugin`, `sub` = caller, `aud` = target, 1 h,
 *   optional `obo` = the user's token), verified against the *caller's* JWKS at
 *   `<discovery.getBaseUrl(sub)>/.backstage/auth/v1/jwks.json`;
 * - limited user tokens (`typ` `vnd.backstage.limited-user`, `sub` = user, `aud` = this
 *   plugin), the `greenroom-auth` cookie, valid only at the plugin that issued it.
 *
 * @example
 * const tokens = new PluginTokens({ pluginId: 'catalog', keyStore, discovery, keySets, userTokens, algorithms: ['ES256'] });
 * const { token } = await tokens.issue({ targetPluginId: 'search' });
 */
export class PluginTokens {
  readonly #options: PluginTokensOptions;
  // Minted tokens are reused while most of their lifetime is left: signing costs about as
  // much as a small request, and the target's cache of verified tokens then hits too.
  readonly #minted = new Map<string, { token: string; reuseUntil: number }>();

  constructor(options: PluginTokensOptions) {
    this.#options = options;
  }

  /** A plugin token for `targetPluginId`, on behalf of a user when `obo` is given. */
  async issue(options: {
    targetPluginId: string;
    obo?: { token: string; expiresAt?: Date };
  }): Promise<{ token: string }> {
    const key = `${options.targetPluginId}\u0000${options.obo?.token ?? ''}`;
    const cached = this.#minted.get(key);
    if (cached && Date.now() < cached.reuseUntil) return { token: cached.token };
    const minted = await this.#mint(options);
    if (this.#minted.size >= MAX_MINTED_TOKENS) this.#minted.clear();
    this.#minted.set(key, minted);
    return { token: minted.token };
  }

  async #mint(options: {
    targetPluginId: string;
    obo?: { token: string; expiresAt?: Date };
  }): Promise<{ token: string; reuseUntil: number }> {
    const { kid, alg, privateKey } = await this.#options.keyStore.getSigningKey();
    const now = Date.now();
    let exp = now + PLUGIN_TOKEN_LIFETIME_MS;
    if (options.obo?.expiresAt) exp = Math.min(exp, options.obo.expiresAt.getTime());
    const token = await new SignJWT(options.obo ? { obo: options.obo.token } : {})
      .setProtectedHeader({ alg, kid, typ: PLUGIN_TOKEN_TYPE })
      .setSubject(this.#options.pluginId)
      .setAudience(options.targetPluginId)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(exp / 1000))
      .sign(privateKey);
    return { token, reuseUntil: now + (exp - now) / 2 };
  }

  /** A limited user token for the cookie of this plugin, expiring with the user's token. */
  async issueLimited(userEntityRef: string, expiresAt: Date): Promise<{ token: string; expiresAt: Date }> {
    const { kid, alg, privateKey } = await this.#options.keyStore.getSigningKey();
    const token = await new SignJWT({})
      .setProtectedHeader({ alg, kid, typ: LIMITED_USER_TOKEN_TYPE })
      .setSubject(userEntityRef)
      .setAudience(this.#options.pluginId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(privateKey);
    return { token, expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000) };
  }

  /** Verifies a plugin token sent to this plugin. */
  async verify(token: string): Promise<Credentials<ServicePrincipal | UserPrincipal>> {
    const kind = 'plugin token';
    const caller = peekJwt(token)?.claims.sub;
    if (typeof caller !== 'string' || !PLUGIN_ID_PATTERN.test(caller)) {
      throw new TokenRefusal(kind, "'sub' is not a plugin id");
    }
    const { payload } = await jwtVerify(token, await this.#keysOf(caller), {
      algorithms: this.#options.algorithms,
      typ: PLUGIN_TOKEN_TYPE,
      audience: this.#options.pluginId,
      requiredClaims: ['sub', 'aud', 'exp', 'iat'],
    }).catch(refusal(kind));
    const subject = `plugin:${caller}`;
    const expiresAt = new Date(payload.exp! * 1000);
    if (payload.obo === undefined) {
      return createCredentials<ServicePrincipal>({ type: 'service', subject }, { expiresAt });
    }
    if (typeof payload.obo !== 'string') throw new TokenRefusal(kind, "'obo' is not a token");
    const oboType = peekJwt(payload.obo)?.header.typ;
    if (oboType === USER_TOKEN_TYPE) {
      return this.#options.userTokens.verify(payload.obo, { subject }).catch(refusal(`${kind} (obo)`));
    }
    if (oboType === LIMITED_USER_TOKEN_TYPE) {
      // A user signed in by cookie at the caller: the caller's own limited token.
      return this.verifyLimited(payload.obo, caller, { subject }).catch(refusal(`${kind} (obo)`));
    }
    throw new TokenRefusal(kind, "'obo' is neither a user token nor a limited user token");
  }

  /** Verifies a limited user token issued by `issuerPluginId` (this plugin unless said otherwise). */
  async verifyLimited(
    token: string,
    issuerPluginId = this.#options.pluginId,
    actor?: { subject: string },
  ): Promise<Credentials<UserPrincipal>> {
    const { payload } = await jwtVerify(token, await this.#keysOf(issuerPluginId), {
      algorithms: this.#options.algorithms,
      typ: LIMITED_USER_TOKEN_TYPE,
      audience: issuerPluginId,
      requiredClaims: ['sub', 'aud', 'exp', 'iat'],
    }).catch(refusal('limited user token'));
    return createCredentials<UserPrincipal>(
      { type: 'user', userEntityRef: payload.sub!, ...(actor ? { actor } : {}) },
      { expiresAt: new Date(payload.exp! * 1000), token: { token, kind: 'limited-user' } },
    );
  }

  async #keysOf(pluginId: string) {
    const baseUrl = await this.#options.discovery.getBaseUrl(pluginId);
    return this.#options.keySets.forUrl(`${baseUrl}${PLUGIN_JWKS_PATH}`);
  }
}
