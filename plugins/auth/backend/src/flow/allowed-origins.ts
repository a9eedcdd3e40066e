import { InputError } from '@greenroom/errors';

/**
 * The web app origins a sign-in may report back to: `app.baseUrl`'s origin plus
 * `auth.allowedOrigins`. Anything else is refused, so the auth plugin is never an
 * open redirect nor posts tokens to a foreign window.
 *
 * @example
 * const origins = new AllowedOrigins(['http://localhost:3000']);
 * origins.checkOrigin('http://localhost:3000'); // 'http://localhost:3000'
 * origins.checkRedirectUrl('https://evil.example/'); // throws InputError
 */
export class AllowedOrigins {
  readonly #origins: ReadonlySet<string>;

  constructor(urls: readonly string[]) {
    this.#origins = new Set(urls.map((url) => new URL(url).origin));
  }

  /** The first allowed origin (app.baseUrl's), used when a request names none. */
  get default(): string {
    return [...this.#origins][0]!;
  }

  /** Returns the origin when it is allowed; throws `InputError` otherwise. */
  checkOrigin(origin: string): string {
    const parsed = parseUrl(origin, 'origin');
    if (parsed.origin !== origin.replace(/\/$/, '') || !this.#origins.has(parsed.origin)) {
      throw new InputError(
        `The origin '${truncate(origin)}' is not allowed to sign in; allowed are app.baseUrl's origin and auth.allowedOrigins`,
      );
    }
    return parsed.origin;
  }

  /** Returns the normalised URL when it is on an allowed origin; throws `InputError` otherwise. */
  checkRedirectUrl(url: string): string {
    const parsed = parseUrl(url, 'redirectUrl');
    if (!this.#origins.has(parsed.origin) || parsed.username || parsed.password) {
      throw new InputError(
        `The redirectUrl '${truncate(url)}' is not on an allowed origin; allowed are app.baseUrl's origin and auth.allowedOrigins`,
      );
    }
    return parsed.toString();
  }
}

function parseUrl(value: string, what: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {}
  throw new InputError(`The ${what} '${truncate(value)}' is not an http(s) URL`);
}

function truncate(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}
