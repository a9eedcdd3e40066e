/** Public keys of every instance's user-token signing keys (listed by the JWKS endpoint). */
export interface SigningKeysTable {
  kid: string;
  /** The public JWK as JSON. */
  jwk: string;
  /** Epoch milliseconds after which the key is no longer listed. */
  expires_at: number;
}

/** A sign-in in progress between `start` and `handler/frame`, keyed by the SHA-256 of its state. */
export interface PendingFlowsTable {
  state_hash: string;
  /** The flow's data as JSON (see `PendingFlow`). */
  data: string;
  expires_at: number;
}

/**
 * One refresh token of a session family. Rotation marks the row `rotated_at` and adds
 * the next one to the same family; presenting a rotated token revokes the family.
 */
export interface SessionsTable {
  token_hash: string;
  family_id: string;
  provider_id: string;
  environment: string;
  user_entity_ref: string;
  /** Space separated scopes granted to the session. */
  scope: string;
  /** Profile shown to the web app, as JSON. */
  profile: string;
  /** The identity provider's tokens as JSON, sealed when `auth.session.secret` is set. */
  provider_tokens: string | null;
  created_at: number;
  expires_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
}

/** Who a user is and what they own, as resolved at their last sign-in. */
export interface UserInfoTable {
  user_entity_ref: string;
  /** Ownership entity refs as a JSON array. */
  ownership: string;
  updated_at: number;
}

/** The auth plugin's database. */
export interface AuthDatabase {
  auth_signing_keys: SigningKeysTable;
  auth_pending_flows: PendingFlowsTable;
  auth_sessions: SessionsTable;
  auth_user_info: UserInfoTable;
}
