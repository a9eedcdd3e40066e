import { randomUUID } from 'node:crypto';
import type { Kysely } from '@greenroom/backend-plugin-api';
import type { Selectable } from 'kysely';
import type { AuthDatabase, SessionsTable } from '../database/tables.js';
import { hashSecret, randomSecret } from '../flow/secrets.js';
import type { ProviderProfile, ProviderTokens } from '../providers/types.js';
import type { TokenSealer } from './token-sealer.js';

/** A sign-in session as seen through one of its refresh tokens. */
export interface Session {
  familyId: string;
  providerId: string;
  environment: string;
  userEntityRef: string;
  scope: string;
  profile: ProviderProfile;
  providerTokens?: ProviderTokens;
}

/** What a refresh token presented for rotation turned out to be. */
export type RotationResult =
  | { outcome: 'rotated'; session: Session; refreshToken: string }
  /** An already rotated token came back: the whole family was revoked. */
  | { outcome: 'reused'; familyId: string; userEntityRef: string }
  | { outcome: 'invalid' };

/**
 * Sign-in sessions: a family of refresh tokens, each stored only as its SHA-256 hash.
 * Every refresh rotates the token; presenting a token that was already rotated means
 * it was copied, so the whole family is revoked.
 *
 * @example
 * const { refreshToken } = await sessions.create(session);
 * const result = await sessions.rotate(refreshToken, (s) => ({ ...s, scope: 'openid email' }));
 */
export class SessionStore {
  readonly #db: Kysely<AuthDatabase>;
  readonly #sealer: TokenSealer;
  readonly #expirationMs: number;

  constructor(options: { db: Kysely<AuthDatabase>; sealer: TokenSealer; expirationMs: number }) {
    this.#db = options.db;
    this.#sealer = options.sealer;
    this.#expirationMs = options.expirationMs;
  }

  get expirationMs(): number {
    return this.#expirationMs;
  }

  /** Starts a session; returns its first refresh token (for the cookie). */
  async create(session: Omit<Session, 'familyId'>): Promise<{ refreshToken: string; familyId: string }> {
    const familyId = randomUUID();
    const now = Date.now();
    await this.#db.deleteFrom('auth_sessions').where('expires_at', '<=', now).execute();
    const refreshToken = await this.#insert({ ...session, familyId }, now);
    return { refreshToken, familyId };
  }

  /**
   * Rotates a refresh token: marks it used and issues the next one of its family, with
   * the session as `update` returns it (e.g. merged scopes, new provider tokens).
   */
  async rotate(
    refreshToken: string,
    update: (session: Session) => Promise<Session> | Session = (session) => session,
  ): Promise<RotationResult> {
    const tokenHash = hashSecret(refreshToken);
    const now = Date.now();
    const row = await this.#db
      .selectFrom('auth_sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || Number(row.expires_at) <= now) return { outcome: 'invalid' };
    const claimed = await this.#db
      .updateTable('auth_sessions')
      .set({ rotated_at: now })
      .where('token_hash', '=', tokenHash)
      .where('rotated_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      await this.revokeFamily(row.family_id);
      return { outcome: 'reused', familyId: row.family_id, userEntityRef: row.user_entity_ref };
    }
    const stored = this.#toSession(row);
    let session: Session;
    try {
      session = await update(stored);
    } catch (error) {
      // Nothing was issued: give the token back so the browser can try again.
      await this.#db
        .updateTable('auth_sessions')
        .set({ rotated_at: null })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .execute();
      throw error;
    }
    const next = await this.#insert(session, now);
    return { outcome: 'rotated', session, refreshToken: next };
  }

  /** The session behind a refresh token without rotating it, or `undefined`. */
  async familyOf(refreshToken: string): Promise<{ familyId: string; session: Session } | undefined> {
    const row = await this.#db
      .selectFrom('auth_sessions')
      .selectAll()
      .where('token_hash', '=', hashSecret(refreshToken))
      .executeTakeFirst();
    return row ? { familyId: row.family_id, session: this.#toSession(row) } : undefined;
  }

  /** Revokes every refresh token of a session (logout, reuse). */
  async revokeFamily(familyId: string): Promise<void> {
    await this.#db
      .updateTable('auth_sessions')
      .set({ revoked_at: Date.now() })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  #toSession(row: Selectable<SessionsTable>): Session {
    const providerTokens =
      row.provider_tokens === null ? undefined : this.#sealer.open<ProviderTokens>(row.provider_tokens);
    return {
      familyId: row.family_id,
      providerId: row.provider_id,
      environment: row.environment,
      userEntityRef: row.user_entity_ref,
      scope: row.scope,
      profile: JSON.parse(row.profile) as ProviderProfile,
      ...(providerTokens ? { providerTokens } : {}),
    };
  }

  async #insert(session: Session, now: number): Promise<string> {
    const refreshToken = randomSecret();
    await this.#db
      .insertInto('auth_sessions')
      .values({
        token_hash: hashSecret(refreshToken),
        family_id: session.familyId,
        provider_id: session.providerId,
        environment: session.environment,
        user_entity_ref: session.userEntityRef,
        scope: session.scope,
        profile: JSON.stringify(session.profile),
        provider_tokens: session.providerTokens ? this.#sealer.seal(session.providerTokens) : null,
        created_at: now,
        expires_at: now + this.#expirationMs,
        rotated_at: null,
        revoked_at: null,
      })
      .execute();
    return refreshToken;
  }
}
