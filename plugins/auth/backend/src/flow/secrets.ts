import { createHash, randomBytes } from 'node:crypto';

/**
 * A random URL-safe secret (state, nonce, PKCE verifier, refresh token): 32 bytes,
 * base64url encoded.
 *
 * @example
 * const state = randomSecret();
 */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256 of a secret, base64url encoded: how secrets are stored and compared, so a
 * database dump holds nothing a browser could present.
 *
 * @example
 * const row = await db.selectFrom('auth_sessions').where('token_hash', '=', hashSecret(token));
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/**
 * The PKCE S256 challenge of a verifier (RFC 7636).
 *
 * @example
 * const codeChallenge = pkceChallenge(codeVerifier);
 */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
