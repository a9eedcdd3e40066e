import type { Credentials } from '@greenroom/backend-plugin-api';
import type { ExternalAccess } from './external-access/external-access.js';
import type { PluginTokens } from './plugin-tokens.js';
import { type TokenHandler, TokenRefusal } from './token-handler.js';
import { LIMITED_USER_TOKEN_TYPE, PLUGIN_TOKEN_TYPE, peekJwt, USER_TOKEN_TYPE } from './token-types.js';
import type { UserTokens } from './user-tokens.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/**
 * The token handler every plugin has: picks the verification by the token's `typ`
 * (user, plugin, limited user) and otherwise asks `backend.auth.externalAccess`.
 * Limited user tokens are refused unless the route allows limited access. Verified user
 * and plugin tokens are remembered for up to 30 s (see {@link VerifiedTokenCache}).
 *
 * @example
 * const handler = createBuiltinTokenHandler({ pluginId: 'catalog', userTokens, pluginTokens, externalAccess });
 * await handler.verify(token, { allowLimitedAccess: false });
 */
export function createBuiltinTokenHandler(options: {
  pluginId: string;
  userTokens: UserTokens;
  pluginTokens: PluginTokens;
  externalAccess: ExternalAccess;
  /** Recently verified user and plugin tokens (a fresh one per handler when left out). */
  cache?: VerifiedTokenCache;
}): TokenHandler {
  const { pluginId, userTokens, pluginTokens, externalAccess } = options;
  const verified = options.cache ?? new VerifiedTokenCache();
  return {
    async verify(token, { allowLimitedAccess }): Promise<Credentials | undefined> {
      // Only user and plugin tokens are remembered, so a known token needs no decoding:
      // decoding its header and claims cost more than the rest of a cached request's auth.
      const known = verified.get(token);
      if (known) return known;
      const typ = peekJwt(token)?.header.typ;
      if (typ === USER_TOKEN_TYPE || typ === PLUGIN_TOKEN_TYPE) {
        const credentials =
          typ === USER_TOKEN_TYPE ? await userTokens.verify(token) : await pluginTokens.verify(token);
        return verified.set(token, credentials);
      }
      if (typ === LIMITED_USER_TOKEN_TYPE) {
        if (!allowLimitedAccess) {
          throw new TokenRefusal('limited user token', 'this route does not allow limited access (cookies)');
        }
        return pluginTokens.verifyLimited(token);
      }
      return externalAccess.verify(token, pluginId);
    },
  };
}
