import type { CryptoKey, JWK, KeyObject } from 'jose';

/** The key a plugin signs its tokens with. */
export interface SigningKey {
  /** The `kid` verifiers look the public key up by. */
  kid: string;
  alg: string;
  privateKey: CryptoKey | KeyObject;
}

/**
 * Where a plugin keeps the keys that sign its plugin tokens and limited user tokens,
 * and the public keys other plugins verify them with (served as
 * `/api/<pluginId>/.backstage/auth/v1/jwks.json`).
 *
 * @example
 * const { kid, alg, privateKey } = await store.getSigningKey();
 * const { keys } = await store.listPublicKeys();
 */
export interface PluginKeyStore {
  getSigningKey(): Promise<SigningKey>;
  /** Every public key a valid token may have been signed with, as JWKs with `kid` and `alg`. */
  listPublicKeys(): Promise<{ keys: JWK[] }>;
}
