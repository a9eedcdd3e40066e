import { readFile } from 'node:fs/promises';
import { exportJWK, importPKCS8, importSPKI, type JWK } from 'jose';
import type { PluginKeyStoreConfig } from '../auth-config.js';
import type { PluginKeyStore, SigningKey } from './plugin-key-store.js';

type StaticKeyConfig = NonNullable<PluginKeyStoreConfig['static']>['keys'][number];

/**
 * Keys read from PEM files (`backend.auth.pluginKeyStore.static.keys`): the first one
 * signs, the others only verify (keep the previous key listed while rotating). Every
 * instance and every plugin shares them. A file that is missing or not a key of the
 * declared algorithm fails {@link StaticPluginKeyStore.load} naming the key.
 *
 * @example
 * const store = await StaticPluginKeyStore.load([
 *   { keyId: 'k1', publicKeyFile: 'public.pem', privateKeyFile: 'private.pem', algorithm: 'ES256' },
 * ]);
 */
export class StaticPluginKeyStore implements PluginKeyStore {
  readonly #signing: SigningKey;
  readonly #publicKeys: JWK[];

  private constructor(signing: SigningKey, publicKeys: JWK[]) {
    this.#signing = signing;
    this.#publicKeys = publicKeys;
  }

  static async load(keys: readonly StaticKeyConfig[]): Promise<StaticPluginKeyStore> {
    const publicKeys: JWK[] = [];
    let signing: SigningKey | undefined;
    for (const [index, key] of keys.entries()) {
      const where = `backend.auth.pluginKeyStore.static.keys[${index}] (keyId '${key.keyId}')`;
      const publicKey = await loadKey(where, key.publicKeyFile, (pem) =>
        importSPKI(pem, key.algorithm, { extractable: true }),
      );
      publicKeys.push({ ...(await exportJWK(publicKey)), kid: key.keyId, alg: key.algorithm, use: 'sig' });
      if (index === 0) {
        if (!key.privateKeyFile)
          throw new Error(`${where}: the first key signs, so it needs a privateKeyFile`);
        const privateKey = await loadKey(where, key.privateKeyFile, (pem) => importPKCS8(pem, key.algorithm));
        signing = { kid: key.keyId, alg: key.algorithm, privateKey };
      }
    }
    if (!signing) throw new Error('backend.auth.pluginKeyStore.static.keys: list at least one key');
    return new StaticPluginKeyStore(signing, publicKeys);
  }

  async getSigningKey(): Promise<SigningKey> {
    return this.#signing;
  }

  async listPublicKeys(): Promise<{ keys: JWK[] }> {
    return { keys: this.#publicKeys };
  }
}

async function loadKey<K>(where: string, file: string, parse: (pem: string) => Promise<K>): Promise<K> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${where}: cannot read '${file}': ${(error as Error).message}`, { cause: error });
  }
  try {
    return await parse(pem);
  } catch (error) {
    throw new Error(
      `${where}: '${file}' is not a valid key for its algorithm (expected a PEM SPKI public or PKCS#8 private key): ${(error as Error).message}`,
      { cause: error },
    );
  }
}
