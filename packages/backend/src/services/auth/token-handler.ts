import type { Credentials } from '@greenroom/backend-plugin-api';

/**
 * Verifies one kind of token (user tokens, plugin tokens, external access tokens).
 * `verify` returns `undefined` when the token is not of its kind, so the next handler
 * may try; it throws when the token is of its kind but invalid (expired, bad
 * signature): a {@link TokenRefusal} carries the reason for the log, any other
 * `AuthenticationError` is passed on as it is.
 *
 * @example
 * const staticToken: TokenHandler = {
 *   async verify(token) {
 *     return token === expected ? createCredentials({ type: 'service', subject: 'external:ci' }) : undefined;
 *   },
 * };
 */
export interface TokenHandler {
  verify(token: string, options: { allowLimitedAccess: boolean }): Promise<Credentials | undefined>;
}

/**
 * Why a token was refused. The reason goes to the log only; callers get a generic
 * `AuthenticationError` ("Invalid token"), so the reason never helps an attacker.
 *
 * @example
 * throw new TokenRefusal('user token', 'signature verification failed');
 */
export class TokenRefusal extends Error {
  override readonly name = 'TokenRefusal';
  readonly kind: string;
  readonly reason: string;

  constructor(kind: string, reason: string, options?: { cause?: unknown }) {
    super(`Refused a ${kind}: ${reason}`, options);
    this.kind = kind;
    this.reason = reason;
  }
}
