import type { Credentials, Principal } from '@greenroom/backend-plugin-api';

/** The token each verified credentials value came from, kept out of the value itself. */
const tokens = new WeakMap<Credentials, { token: string; kind: 'user' | 'limited-user' }>();

/**
 * Wraps a principal in a frozen {@link Credentials} value. Token handlers use it to
 * return whom a verified token belongs to.
 *
 * @example
 * createCredentials({ type: 'user', userEntityRef: 'user:default/jane' });
 */
export function createCredentials<P extends Principal>(
  principal: P,
  options: { expiresAt?: Date; token?: { token: string; kind: 'user' | 'limited-user' } } = {},
): Credentials<P> {
  const credentials: Credentials<P> = Object.freeze({
    $$type: '@greenroom/Credentials' as const,
    principal: Object.freeze(Object.assign({}, principal)),
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
  });
  // Kept in a WeakMap rather than on the object, so it is never enumerated, logged or serialised.
  if (options.token) tokens.set(credentials, options.token);
  return credentials;
}

/**
 * The user token (or limited user token) that verified credentials came from, so an
 * on-behalf-of plugin token can carry it; `undefined` for credentials made otherwise.
 *
 * @example
 * const held = tokenOfCredentials(credentials); // { token, kind: 'user' }
 */
export function tokenOfCredentials(
  credentials: Credentials,
): { token: string; kind: 'user' | 'limited-user' } | undefined {
  return tokens.get(credentials);
}
