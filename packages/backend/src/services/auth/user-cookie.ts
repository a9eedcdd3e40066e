import { InputError } from '@greenroom/errors';

/** The name of the limited user cookie. */
export const USER_COOKIE_NAME = 'greenroom-auth';
/** Longest `Cookie` header looked at; longer ones are refused before parsing. */
export const MAX_COOKIE_HEADER_LENGTH = 16 * 1024;

/**
 * The value of the `greenroom-auth` cookie in a `Cookie` header, or `undefined`. A
 * header that is too long or repeated is an `InputError` (400); the value is never
 * part of a message.
 *
 * @example
 * readUserCookie('theme=dark; greenroom-auth=eyJ...'); // 'eyJ...'
 */
export function readUserCookie(header: string | string[] | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (text.length > MAX_COOKIE_HEADER_LENGTH) {
    throw new InputError(`Cookie header is longer than ${MAX_COOKIE_HEADER_LENGTH} characters`);
  }
  let found: string | undefined;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== USER_COOKIE_NAME) continue;
    if (found !== undefined) throw new InputError(`Send the ${USER_COOKIE_NAME} cookie only once`);
    found = part.slice(eq + 1).trim();
  }
  return found === '' ? undefined : found;
}

/**
 * A `Set-Cookie` value for the limited user cookie: httpOnly, `SameSite=Lax`,
 * `Secure` on https, scoped to the plugin's external path, expiring with the token.
 *
 * @example
 * formatUserCookie({ token, expiresAt, path: '/api/techdocs', secure: true });
 */
export function formatUserCookie(options: {
  token: string;
  expiresAt: Date;
  path: string;
  secure: boolean;
}): string {
  return [
    `${USER_COOKIE_NAME}=${options.token}`,
    `Path=${options.path}`,
    `Expires=${options.expiresAt.toUTCString()}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
