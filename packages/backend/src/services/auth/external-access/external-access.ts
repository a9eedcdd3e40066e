import { createHash, timingSafeEqual } from 'node:crypto';
import type { AccessRestrictions, Credentials, ServicePrincipal } from '@greenroom/backend-plugin-api';
import { NotAllowedError } from '@greenroom/errors';
import { jwtVerify } from 'jose';
import type { ExternalAccessEntry } from '../auth-config.js';
import { createCredentials } from '../credentials.js';
import type { RemoteKeySets } from '../remote-key-sets.js';
import { peekJwt, refusal } from '../token-types.js';

type Restrictions = ExternalAccessEntry['accessRestrictions'];

/** What `jwks` entries accept without an `algorithm` option: asymmetric algorithms only, never `none` or HMAC. */
const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
type StaticEntry = { digest: Buffer; subject: string; restrictions: Restrictions };

/**
 * The tokens of `backend.auth.externalAccess` for callers outside the backend:
 * - `static`: an exact token → `external:<subject>`;
 * - `jwks`: a JWT of a third-party issuer (matched by `iss`) verified with its JWKS →
 *   `external:<subjectPrefix>:<sub>` (or `external:<sub>`);
 * - `legacy`: HS256 tokens with `sub: backstage-server` signed with a shared base64
 *   secret → `external:<subject>`.
 * An entry with `accessRestrictions` may only call the plugins it lists (403
 * otherwise); the permission parts land in `principal.accessRestrictions`.
 *
 * @example
 * const external = new ExternalAccess(config.externalAccess, keySets);
 * await external.verify(token, 'catalog'); // credentials, or undefined when no entry knows the token
 */
export class ExternalAccess {
  readonly #statics: StaticEntry[] = [];
  readonly #jwks: Extract<ExternalAccessEntry, { type: 'jwks' }>[] = [];
  readonly #legacy: { secret: Uint8Array; subject: string; restrictions: Restrictions }[] = [];
  readonly #keySets: RemoteKeySets;

  constructor(entries: readonly ExternalAccessEntry[], keySets: RemoteKeySets) {
    this.#keySets = keySets;
    for (const entry of entries) {
      if (entry.type === 'static') {
        this.#statics.push({
          digest: digest(entry.options.token),
          subject: `external:${entry.options.subject}`,
          restrictions: entry.accessRestrictions,
        });
      } else if (entry.type === 'jwks') {
        this.#jwks.push(entry);
      } else {
        this.#legacy.push({
          secret: Buffer.from(entry.options.secret, 'base64'),
          subject: `external:${entry.options.subject}`,
          restrictions: entry.accessRestrictions,
        });
      }
    }
  }

  /** Whether any entry is configured. */
  get empty(): boolean {
    return this.#statics.length + this.#jwks.length + this.#legacy.length === 0;
  }

  /**
   * The credentials of an external token used against `pluginId`; `undefined` when no
   * entry recognises it; a `TokenRefusal` when one does but it is not valid.
   */
  async verify(token: string, pluginId: string): Promise<Credentials<ServicePrincipal> | undefined> {
    const candidate = digest(token);
    // Compare against every entry, so the time taken does not tell which one matched.
    let found: StaticEntry | undefined;
    for (const entry of this.#statics) {
      if (timingSafeEqual(entry.digest, candidate) && !found) found = entry;
    }
    if (found) return restricted(found.subject, found.restrictions, pluginId);

    const jwt = peekJwt(token);
    if (!jwt) return undefined;
    const issuer = jwt.claims.iss;
    for (const entry of this.#jwks) {
      if (typeof issuer !== 'string' || !entry.options.issuer.includes(issuer)) continue;
      const { payload } = await jwtVerify(token, this.#keySets.forUrl(entry.options.url), {
        issuer: entry.options.issuer,
        algorithms: entry.options.algorithm?.length ? entry.options.algorithm : ASYMMETRIC_ALGORITHMS,
        ...(entry.options.audience?.length ? { audience: entry.options.audience } : {}),
        requiredClaims: ['sub', 'exp'],
      }).catch(refusal('external access token (jwks)'));
      const prefix = entry.options.subjectPrefix ? `${entry.options.subjectPrefix}:` : '';
      return restricted(`external:${prefix}${payload.sub}`, entry.accessRestrictions, pluginId);
    }
    if (jwt.header.alg === 'HS256' && jwt.claims.sub === 'backstage-server' && this.#legacy.length > 0) {
      for (const entry of this.#legacy) {
        try {
          await jwtVerify(token, entry.secret, {
            algorithms: ['HS256'],
            subject: 'backstage-server',
            requiredClaims: ['exp'],
          });
        } catch (error) {
          if (entry === this.#legacy.at(-1)) refusal('external access token (legacy)')(error);
          continue;
        }
        return restricted(entry.subject, entry.restrictions, pluginId);
      }
    }
    return undefined;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function restricted(
  subject: string,
  restrictions: Restrictions,
  pluginId: string,
): Credentials<ServicePrincipal> {
  if (!restrictions) return createCredentials<ServicePrincipal>({ type: 'service', subject });
  const entry = restrictions.find((r) => r.plugin === pluginId);
  if (!entry) {
    throw new NotAllowedError(
      `This token's access is restricted to plugin(s) ${restrictions.map((r) => `'${r.plugin}'`).join(', ')}`,
    );
  }
  const accessRestrictions: AccessRestrictions = {
    ...(entry.permission ? { permissionNames: entry.permission } : {}),
    ...(entry.permissionAttribute
      ? { permissionAttributes: { action: entry.permissionAttribute.action } }
      : {}),
  };
  if (!entry.permission && !entry.permissionAttribute) {
    return createCredentials<ServicePrincipal>({ type: 'service', subject });
  }
  return createCredentials<ServicePrincipal>({ type: 'service', subject, accessRestrictions });
}
