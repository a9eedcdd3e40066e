import { randomUUID } from 'node:crypto';
import type { Kysely } from '@greenroom/backend-plugin-api';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { AuthDatabase } from '../database/tables.js';

/** The key an instance currently signs with. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * This instance's ES256 signing keys for user tokens. The private key lives in memory
 * only; the public key is published in the auth database until it expires, so every
 * instance sharing the database lists — and so verifies — every instance's keys.
 * A new key is made once the current one is older than `keyLifetimeMs`.
 *
 * @example
 * const keys = new SigningKeys({ db, keyLifetimeMs: 3_600_000, tokenLifetimeMs: 3_600_000 });
 * const { kid, privateKey } = await keys.current();
 * const { keys: jwks } = await keys.listPublicKeys();
 */
export class SigningKeys {
  readonly #db: Kysely<AuthDatabase>;
  readonly #keyLifetimeMs: number;
  readonly #publishedForMs: number;
  readonly #now: () => number;
  #current: Promise<SigningKey & { createdAt: number }> | undefined;

  constructor(options: {
    db: Kysely<AuthDatabase>;
    keyLifetimeMs: number;
    /** How long tokens signed with a key stay valid; the public key outlives its last token. */
    tokenLifetimeMs: number;
    now?: () => number;
  }) {
    this.#db = options.db;
    this.#keyLifetimeMs = options.keyLifetimeMs;
    this.#publishedForMs = Math.max(
      3 * options.keyLifetimeMs,
      options.keyLifetimeMs + options.tokenLifetimeMs,
    );
    this.#now = options.now ?? Date.now;
  }

  /** The key to sign with now, rotating (and publishing the new public key) when due. */
  async current(): Promise<SigningKey> {
    const entry = this.#current;
    if (entry) {
      const key = await entry;
      if (this.#now() - key.createdAt < this.#keyLifetimeMs) return key;
      // Only the first caller to notice the stale key replaces it; the others await that.
      if (this.#current === entry) this.#current = this.#rotate();
    } else {
      this.#current = this.#rotate();
    }
    return this.#current!;
  }

  /** Every unexpired public key of every instance, as a JWKS document. */
  async listPublicKeys(): Promise<{ keys: JWK[] }> {
    const rows = await this.#db
      .selectFrom('auth_signing_keys')
      .select(['jwk'])
      .where('expires_at', '>', this.#now())
      .orderBy('kid')
      .execute();
    return { keys: rows.map((row) => JSON.parse(row.jwk) as JWK) };
  }

  #rotate(): Promise<SigningKey & { createdAt: number }> {
    const rotation = this.#generate();
    // A failed rotation (database down) is retried by the next caller.
    rotation.catch(() => {
      if (this.#current === rotation) this.#current = undefined;
    });
    return rotation;
  }

  async #generate(): Promise<SigningKey & { createdAt: number }> {
    const createdAt = this.#now();
    const kid = randomUUID();
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    await this.#db
      .insertInto('auth_signing_keys')
      .values({ kid, jwk: JSON.stringify(jwk), expires_at: createdAt + this.#publishedForMs })
      .execute();
    await this.#db.deleteFrom('auth_signing_keys').where('expires_at', '<=', createdAt).execute();
    return { kid, privateKey, createdAt };
  }
}
