import type { Kysely } from '@greenroom/backend-plugin-api';
import type { AuthDatabase } from '../database/tables.js';
import { hashSecret } from './secrets.js';

/** A sign-in between `start` and `handler/frame`, kept on the server. */
export interface PendingFlow {
  providerId: string;
  environment: string;
  /** The validated origin of the web app (popup target). */
  origin: string;
  flow: 'popup' | 'redirect';
  redirectUrl?: string;
  /** Scopes asked for (merged), space separated. */
  scope: string;
  nonce: string;
  codeVerifier: string;
  /** SHA-256 of the random value in the browser-binding cookie set at start. */
  bindingHash: string;
}

/**
 * Pending sign-ins keyed by the SHA-256 of their random state, for a short time. Taking
 * a flow deletes it: a state works once.
 *
 * @example
 * await flows.save(state, flow);
 * const flow = await flows.take(state); // undefined when unknown, used or expired
 */
export class PendingFlows {
  readonly #db: Kysely<AuthDatabase>;
  readonly #ttlMs: number;

  constructor(options: { db: Kysely<AuthDatabase>; ttlMs?: number }) {
    this.#db = options.db;
    this.#ttlMs = options.ttlMs ?? 10 * 60_000;
  }

  async save(state: string, flow: PendingFlow): Promise<void> {
    const now = Date.now();
    await this.#db.deleteFrom('auth_pending_flows').where('expires_at', '<=', now).execute();
    await this.#db
      .insertInto('auth_pending_flows')
      .values({ state_hash: hashSecret(state), data: JSON.stringify(flow), expires_at: now + this.#ttlMs })
      .execute();
  }

  async take(state: string): Promise<PendingFlow | undefined> {
    const stateHash = hashSecret(state);
    const row = await this.#db
      .selectFrom('auth_pending_flows')
      .select(['data', 'expires_at'])
      .where('state_hash', '=', stateHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const deleted = await this.#db
      .deleteFrom('auth_pending_flows')
      .where('state_hash', '=', stateHash)
      .executeTakeFirst();
    // Two callbacks racing for one state: only the one that deleted the row proceeds.
    if (Number(deleted.numDeletedRows) !== 1 || Number(row.expires_at) <= Date.now()) return undefined;
    return JSON.parse(row.data) as PendingFlow;
  }
}
