import { AuthenticationError } from '@greenroom/errors';

/** Longest `Authorization` header accepted; longer ones are refused before any parsing. */
export const MAX_AUTHORIZATION_HEADER_LENGTH = 8 * 1024;

/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive),
 * or `undefined` when there is no header. A header that is too long, repeated or not
 * a single bearer token is an `AuthenticationError`. The token is never part of a message.
 *
 * @example
 * readBearerToken('Bearer abc.def'); // 'abc.def'
 * readBearerToken(undefined);        // undefined
 * readBearerToken('Basic dXNlcg=='); // throws AuthenticationError
 */
export function readBearerToken(header: string | string[] | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  if (Array.isArray(header)) throw new AuthenticationError('Send a single Authorization header');
  if (header.length > MAX_AUTHORIZATION_HEADER_LENGTH) {
    throw new AuthenticationError(
      `Authorization header is longer than ${MAX_AUTHORIZATION_HEADER_LENGTH} characters`,
    );
  }
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) throw new AuthenticationError("Malformed Authorization header; expected 'Bearer <token>'");
  return match[1];
}
