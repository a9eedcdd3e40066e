import { AuthenticationError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { MAX_AUTHORIZATION_HEADER_LENGTH, readBearerToken } from './bearer-token.js';

describe('readBearerToken', () => {
  it('reads the token of a bearer header, whatever the case of the scheme', () => {
    expect(readBearerToken('Bearer abc.def-ghi')).toBe('abc.def-ghi');
    expect(readBearerToken('bearer abc')).toBe('abc');
    expect(readBearerToken('BEARER   abc')).toBe('abc');
  });

  it('treats a missing or empty header as no token', () => {
    expect(readBearerToken(undefined)).toBeUndefined();
    expect(readBearerToken('')).toBeUndefined();
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer a b', 'Token abc', 'Bearerabc'])(
    "refuses the malformed header '%s' without echoing it",
    (header) => {
      expect(() => readBearerToken(header)).toThrow(AuthenticationError);
      expect(() => readBearerToken(header)).toThrow(
        "Malformed Authorization header; expected 'Bearer <token>'",
      );
    },
  );

  it('refuses headers longer than the limit before parsing them', () => {
    const header = `Bearer ${'x'.repeat(MAX_AUTHORIZATION_HEADER_LENGTH)}`;
    expect(() => readBearerToken(header)).toThrow(/longer than 8192 characters/);
  });

  it('refuses a repeated header', () => {
    expect(() => readBearerToken(['Bearer a', 'Bearer b'])).toThrow(/single Authorization header/);
  });
});
