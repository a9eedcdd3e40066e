import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Seals identity provider tokens before they are stored with a session: AES-256-GCM
 * with a key derived from `auth.session.secret`, or as-is (JSON) without a secret.
 *
 * @example
 * const sealer = new TokenSealer(config.session.secret);
 * const stored = sealer.seal({ accessToken: 'a' });
 * sealer.open(stored); // { accessToken: 'a' }
 */
export class TokenSealer {
  readonly #key: Buffer | undefined;

  constructor(secret: string | undefined) {
    this.#key =
      secret === undefined ? undefined : createHash('sha256').update(`greenroom-auth:${secret}`).digest();
  }

  seal(value: unknown): string {
    const json = JSON.stringify(value);
    if (!this.#key) return json;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    return `sealed:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The stored value, or `undefined` when it cannot be opened (e.g. the secret changed). */
  open<T>(stored: string): T | undefined {
    try {
      if (!stored.startsWith('sealed:')) return JSON.parse(stored) as T;
      if (!this.#key) return undefined;
      const raw = Buffer.from(stored.slice('sealed:'.length), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      return JSON.parse(json) as T;
    } catch {
      return undefined;
    }
  }
}
