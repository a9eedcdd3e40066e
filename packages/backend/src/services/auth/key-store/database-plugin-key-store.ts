import { randomUUID } from 'node:crypto';
import type { DatabaseService, Logger } from '@greenroom/backend-plugin-api';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { PluginKeyStore, SigningKey } from './plugin-key-store.js';

/**
 * The table of public keys in each plugin's own database. Its name starts with
 * `greenroom_auth_`, it is made with `create table if not exists` on first use and is
 * not a migration, so it cannot collide with the plugin's migrations or their records
 * in `greenroom_migrations`.
 */
export const PUBLIC_KEYS_TABLE = 'greenroom_auth_public_keys';

interface PublicKeysTable {
  /** The key id (`kid`). */
  id: string;
  /** The public JWK as JSON. */
  key: string;
  /** ISO 8601 UTC; rows compare as text on every engine. */
  expires_at: string;
}
type KeysDb = { [PUBLIC_KEYS_TABLE]: PublicKeysTable };

/** Options of {@link DatabasePluginKeyStore}. */
export interface DatabasePluginKeyStoreOptions {
  database: DatabaseService;
  logger: Logger;
  /** How long one signing key is used, in ms; its public key stays listed three times as long. */
  keyDurationMs: number;
  /** For tests. */
  now?: () => number;
}

/**
 * The default plugin key store: each instance of each plugin makes an ES256 key pair
 * in memory when it first signs, and a new one every `keyDurationMs`. The private key
 * never leaves the process; the public key is written to the plugin's own database
 * (expiring after three key durations, so tokens signed just before a rotation stay
 * verifiable), and the JWKS lists every unexpired row: the keys of all instances that
 * share the database. Expired rows are deleted when a new key is stored.
 *
 * @example
 * const store = new DatabasePluginKeyStore({ database, logger, keyDurationMs: 3_600_000 });
 * const { kid } = await store.getSigningKey();
 */
export class DatabasePluginKeyStore implements PluginKeyStore {
  readonly #options: DatabasePluginKeyStoreOptions;
  readonly #now: () => number;
  #current?: Promise<SigningKey & { createdAt: number }>;
  #tableReady?: Promise<Kysely<KeysDb>>;

  constructor(options: DatabasePluginKeyStoreOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async getSigningKey(): Promise<SigningKey> {
    const pending = this.#current;
    if (pending) {
      const key = await pending.catch(() => undefined);
      if (key && this.#now() - key.createdAt < this.#options.keyDurationMs) return key;
      // Another caller started the rotation while this one waited: share its new key.
      if (this.#current !== pending) return this.getSigningKey();
    }
    const next = this.#rotate();
    this.#current = next;
    next.catch(() => {
      if (this.#current === next) this.#current = undefined;
    });
    return next;
  }

  async listPublicKeys(): Promise<{ keys: JWK[] }> {
    const db = await this.#table();
    const rows = await db
      .selectFrom(PUBLIC_KEYS_TABLE)
      .select(['key'])
      .where('expires_at', '>', new Date(this.#now()).toISOString())
      .orderBy('expires_at', 'desc')
      .execute();
    return { keys: rows.map((row) => JSON.parse(row.key) as JWK) };
  }

  async #rotate(): Promise<SigningKey & { createdAt: number }> {
    const createdAt = this.#now();
    const kid = randomUUID();
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    const db = await this.#table();
    const now = new Date(createdAt).toISOString();
    const expiresAt = new Date(createdAt + 3 * this.#options.keyDurationMs).toISOString();
    // Published before first use, so no instance ever signs with a key others cannot find.
    await db
      .insertInto(PUBLIC_KEYS_TABLE)
      .values({ id: kid, key: JSON.stringify(jwk), expires_at: expiresAt })
      .execute();
    const purged = await db.deleteFrom(PUBLIC_KEYS_TABLE).where('expires_at', '<=', now).executeTakeFirst();
    this.#options.logger.debug('Made a new plugin token signing key', {
      kid,
      expiresAt,
      purgedExpiredKeys: Number(purged.numDeletedRows),
    });
    return { kid, alg: 'ES256', privateKey, createdAt };
  }

  #table(): Promise<Kysely<KeysDb>> {
    if (!this.#tableReady) {
      this.#tableReady = this.#createTable();
      this.#tableReady.catch(() => {
        this.#tableReady = undefined;
      });
    }
    return this.#tableReady;
  }

  async #createTable(): Promise<Kysely<KeysDb>> {
    const db = await this.#options.database.getClient<KeysDb>();
    const create = () =>
      db.schema
        .createTable(PUBLIC_KEYS_TABLE)
        .ifNotExists()
        .addColumn('id', 'varchar(255)', (col) => col.primaryKey())
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'varchar(64)', (col) => col.notNull())
        .execute();
    try {
      await create();
    } catch (error) {
      // Two PostgreSQL instances creating the table at the same moment: one of them
      // loses even with "if not exists", on the catalog's unique index (23505), on the
      // table (42P07) or on its row type (42710, "type … already exists"); the table is there.
      const code = (error as { code?: string }).code;
      if (code !== '23505' && code !== '42P07' && code !== '42710') throw error;
      await create();
    }
    return db;
  }
}
