import { SignJWT } from 'jose';
import type { SigningKeys } from './signing-keys.js';

/** The JWT `typ` of a Greenroom user token (Backstage's value). */
export const USER_TOKEN_TYPE = 'vnd.backstage.user';

/**
 * Issues user tokens: ES256, `typ: vnd.backstage.user`, `aud: backstage`, `sub` = the
 * user's entity ref. Ownership is not in the token; plugins ask `/v1/userinfo`.
 *
 * @example
 * const issuer = new UserTokenIssuer({ keys, issuer: 'http://localhost:7007/api/auth', expiresInMs: 3_600_000 });
 * const { token, expiresInSeconds } = await issuer.issue('user:default/jane');
 */
export class UserTokenIssuer {
  readonly #keys: SigningKeys;
  readonly #issuer: () => Promise<string>;
  readonly #expiresInMs: number;

  constructor(options: { keys: SigningKeys; issuer: () => Promise<string>; expiresInMs: number }) {
    this.#keys = options.keys;
    this.#issuer = options.issuer;
    this.#expiresInMs = options.expiresInMs;
  }

  async issue(userEntityRef: string): Promise<{ token: string; expiresInSeconds: number }> {
    const { kid, privateKey } = await this.#keys.current();
    const iat = Math.floor(Date.now() / 1000);
    const expiresInSeconds = Math.floor(this.#expiresInMs / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid, typ: USER_TOKEN_TYPE })
      .setIssuer(await this.#issuer())
      .setAudience('backstage')
      .setSubject(userEntityRef)
      .setIssuedAt(iat)
      .setExpirationTime(iat + expiresInSeconds)
      .sign(privateKey);
    return { token, expiresInSeconds };
  }
}
