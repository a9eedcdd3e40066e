import { setTimeout as sleep } from 'node:timers/promises';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';

/** Options of {@link RemoteKeySets}. */
export interface RemoteKeySetsOptions {
  /** Least time between two fetches of one set, also when a token names an unknown key (default 1 s). */
  cooldownMs?: number;
  /** How long a fetched set is used before it is fetched again (default 10 min). */
  maxAgeMs?: number;
  /** How many URLs are remembered; the oldest is dropped beyond (default 200). */
  maxEntries?: number;
}

/**
 * Remote JSON Web Key Sets by URL (the auth plugin's, other plugins', external
 * issuers'), each fetched on first use and cached. A token whose `kid` is not in the
 * cached set makes one refetch, at most once per cooldown, so a newly rotated key is
 * found quickly while forged `kid`s cannot make the backend fetch in a loop. A `kid`
 * that is unknown while the set is cooling down (another instance rotated its key
 * just after the last fetch) waits for the cooldown and is looked up once more,
 * rather than being refused.
 *
 * @example
 * const keySets = new RemoteKeySets();
 * await jwtVerify(token, keySets.forUrl('http://localhost:7007/api/auth/.well-known/jwks.json'));
 */
export class RemoteKeySets {
  readonly #sets = new Map<string, JWTVerifyGetKey>();
  readonly #cooldownMs: number;
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;

  constructor(options: RemoteKeySetsOptions = {}) {
    this.#cooldownMs = options.cooldownMs ?? 1_000;
    this.#maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.#maxEntries = options.maxEntries ?? 200;
  }

  forUrl(url: string): JWTVerifyGetKey {
    let set = this.#sets.get(url);
    if (!set) {
      const remote = createRemoteJWKSet(new URL(url), {
        cooldownDuration: this.#cooldownMs,
        cacheMaxAge: this.#maxAgeMs,
        timeoutDuration: 5_000,
      });
      const cooldownMs = this.#cooldownMs;
      set = async (header, token) => {
        try {
          return await remote(header, token);
        } catch (error) {
          if (!(error instanceof errors.JWKSNoMatchingKey) || !remote.coolingDown) throw error;
          await sleep(cooldownMs);
          return remote(header, token);
        }
      };
      if (this.#sets.size >= this.#maxEntries) this.#sets.delete(this.#sets.keys().next().value!);
      this.#sets.set(url, set);
    }
    return set;
  }
}
