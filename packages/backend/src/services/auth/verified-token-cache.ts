import type { Credentials } from '@greenroom/backend-plugin-api';

/** Options of {@link VerifiedTokenCache}. */
export interface VerifiedTokenCacheOptions {
  /** How long a verified token is trusted without checking its signature again (default 30 s). */
  maxAgeMs?: number;
  /** How many tokens are remembered at most; the oldest are dropped beyond (default 1000). */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Remembers the credentials of recently verified tokens, so a browser sending the
 * same user token with every request pays for one signature check per `maxAgeMs`
 * rather than per request. Never beyond the token's own expiry. Only tokens that
 * verified are remembered; a refused token is checked again each time.
 *
 * @example
 * const cache = new VerifiedTokenCache();
 * const credentials = cache.get(token) ?? cache.set(token, await verify(token));
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, { credentials: Credentials; until: number }>();
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: VerifiedTokenCacheOptions = {}) {
    this.#maxAgeMs = options.maxAgeMs ?? 30_000;
    this.#maxEntries = options.maxEntries ?? 1_000;
    this.#now = options.now ?? Date.now;
  }

  get(token: string): Credentials | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (entry.until > this.#now()) return entry.credentials;
    this.#entries.delete(token);
    return undefined;
  }

  set<C extends Credentials>(token: string, credentials: C): C {
    const now = this.#now();
    const until = Math.min(
      now + this.#maxAgeMs,
      credentials.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
    );
    if (until <= now) return credentials;
    this.#entries.delete(token);
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { credentials, until });
    return credentials;
  }
}
