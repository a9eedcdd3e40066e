import type { Credentials, Principal } from '@greenroom/backend-plugin-api';

/**
 * Wraps a principal in a frozen {@link Credentials} value. Token handlers use it to
 * return whom a verified token belongs to.
 *
 * @example
 * createCredentials({ type: 'user', userEntityRef: 'user:default/jane' });
 */
export function createCredentials<P extends Principal>(principal: P): Credentials<P> {
  return Object.freeze({
    $$type: '@greenroom/Credentials' as const,
    principal: Object.freeze(Object.assign({}, principal)),
  });
}
