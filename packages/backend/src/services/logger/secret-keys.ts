/**
 * Key names whose values are never logged, matched case-insensitively at any depth
 * after dropping `-` and `_` (so `Set-Cookie`, `client_secret` and `apiKey` all match).
 * A key matches when it ends with one of these words, optionally plural.
 */
const SECRET_KEY_PATTERN =
  /(?:password|passwd|passphrase|secret|token|apikey|privatekey|cookie|authorization|sessionid)s?$/;

/**
 * Whether a field name looks like it holds a secret.
 *
 * @example
 * isSecretKey('clientSecret'); // true
 * isSecretKey('x-api-key'); // true
 * isSecretKey('tokenType'); // false
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key.toLowerCase().replace(/[-_]/g, ''));
}

/** What a value under a secret-looking key is replaced with. */
export const REDACTED_VALUE = '[REDACTED]';
