import type { Credentials, DiscoveryService, UserPrincipal } from '@greenroom/backend-plugin-api';
import { jwtVerify } from 'jose';
import { createCredentials } from './credentials.js';
import type { RemoteKeySets } from './remote-key-sets.js';
import { refusal, USER_TOKEN_TYPE } from './token-types.js';

const KIND = 'user token';

/**
 * Verifies user tokens of the auth plugin: ES256 only, `typ` `vnd.backstage.user`,
 * `iss` = the auth plugin's external base URL, `aud` `backstage`, unexpired, signed by
 * a key of `<auth base URL>/.well-known/jwks.json`. The credentials keep the token
 * (privately) for on-behalf-of calls.
 *
 * @example
 * const users = new UserTokens({ discovery, keySets });
 * const credentials = await users.verify(token); // principal { type: 'user', userEntityRef }
 */
export class UserTokens {
  readonly #discovery: DiscoveryService;
  readonly #keySets: RemoteKeySets;

  constructor(options: { discovery: DiscoveryService; keySets: RemoteKeySets }) {
    this.#discovery = options.discovery;
    this.#keySets = options.keySets;
  }

  async verify(token: string, actor?: { subject: string }): Promise<Credentials<UserPrincipal>> {
    const [issuer, baseUrl] = await Promise.all([
      this.#discovery.getExternalBaseUrl('auth'),
      this.#discovery.getBaseUrl('auth'),
    ]);
    const { payload } = await jwtVerify(token, this.#keySets.forUrl(`${baseUrl}/.well-known/jwks.json`), {
      algorithms: ['ES256'],
      typ: USER_TOKEN_TYPE,
      issuer,
      audience: 'backstage',
      requiredClaims: ['sub', 'exp', 'iat'],
    }).catch(refusal(KIND));
    return createCredentials<UserPrincipal>(
      { type: 'user', userEntityRef: payload.sub!, ...(actor ? { actor } : {}) },
      { expiresAt: new Date(payload.exp! * 1000), token: { token, kind: 'user' } },
    );
  }
}
