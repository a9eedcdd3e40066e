import { InputError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { formatUserCookie, MAX_COOKIE_HEADER_LENGTH, readUserCookie } from './user-cookie.js';

describe('readUserCookie', () => {
  it('finds the greenroom-auth cookie among others', () => {
    expect(readUserCookie('theme=dark; greenroom-auth=a.b.c; x=1')).toBe('a.b.c');
    expect(readUserCookie('theme=dark')).toBeUndefined();
    expect(readUserCookie(undefined)).toBeUndefined();
    expect(readUserCookie('greenroom-auth=')).toBeUndefined();
  });

  it('refuses an oversized header or the cookie sent twice, without echoing the value', () => {
    expect(() => readUserCookie(`a=${'x'.repeat(MAX_COOKIE_HEADER_LENGTH)}`)).toThrow(InputError);
    expect(() => readUserCookie('greenroom-auth=secret1; greenroom-auth=secret2')).toThrow(
      /^Send the greenroom-auth cookie only once$/,
    );
  });
});

describe('formatUserCookie', () => {
  it('makes an httpOnly, SameSite=Lax cookie, Secure on https', () => {
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    expect(formatUserCookie({ token: 't', expiresAt, path: '/api/techdocs', secure: true })).toBe(
      'greenroom-auth=t; Path=/api/techdocs; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure',
    );
    expect(formatUserCookie({ token: 't', expiresAt, path: '/', secure: false })).not.toContain('Secure');
  });
});
