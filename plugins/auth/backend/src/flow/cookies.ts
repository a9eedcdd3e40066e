import type { FastifyReply, FastifyRequest } from 'fastify';

/** Cookie headers longer than this are not parsed (no cookie is found). */
const MAX_COOKIE_HEADER = 8192;

/**
 * One cookie of the request, or `undefined`. Only base64url-ish values are accepted
 * (everything this plugin sets), so odd encodings never reach a lookup.
 *
 * @example
 * const token = readCookie(request, 'oidc-refresh-token');
 */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string' || header.length > MAX_COOKIE_HEADER) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0 || part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    return /^[A-Za-z0-9_-]{1,512}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/** Where and how a cookie is set. */
export interface CookieOptions {
  path: string;
  secure: boolean;
  /** Lifetime in milliseconds; 0 deletes the cookie. */
  maxAgeMs: number;
}

/**
 * Adds an httpOnly, SameSite=Lax cookie to the reply (keeping cookies set before).
 *
 * @example
 * setCookie(reply, 'oidc-refresh-token', token, { path: '/api/auth/oidc', secure: false, maxAgeMs: 86_400_000 });
 */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const parts = [
    `${name}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${Math.floor(options.maxAgeMs / 1000)}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.maxAgeMs === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (options.secure) parts.push('Secure');
  const previous = reply.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  reply.header('set-cookie', [...list, parts.join('; ')]);
}
