import type { Credentials } from '@greenroom/backend-plugin-api';

/**
 * Verifies one kind of token (user tokens, plugin tokens, external access tokens).
 * `verify` returns `undefined` when the token is not of its kind, so the next handler
 * may try; it throws `AuthenticationError` when the token is of its kind but invalid
 * (expired, bad signature). The Identity capability installs the real handlers.
 *
 * @example
 * const staticToken: TokenHandler = {
 *   async verify(token) {
 *     return token === expected ? createCredentials({ type: 'service', subject: 'external:ci' }) : undefined;
 *   },
 * };
 */
export interface TokenHandler {
  verify(token: string): Promise<Credentials | undefined>;
}
