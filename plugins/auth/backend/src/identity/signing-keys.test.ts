import { TestDatabases } from '@greenroom/test-utils';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { authMigrations } from '../database/migrations.js';
import type { AuthDatabase } from '../database/tables.js';
import { SigningKeys } from './signing-keys.js';
import { UserTokenIssuer } from './user-tokens.js';

const databases = TestDatabases.create();
const HOUR = 3_600_000;

describe.each(databases.eachSupportedId())('signing keys on %s', (databaseId) => {
  async function setup() {
    const db = (await databases.init(databaseId)) as Kysely<AuthDatabase>;
    await authMigrations()['20261124_001_auth']!.up(db);
    let now = Date.now();
    const keys = new SigningKeys({
      db,
      keyLifetimeMs: HOUR,
      tokenLifetimeMs: HOUR,
      now: () => now,
    });
    return {
      db: db as unknown as import('kysely').Kysely<AuthDatabase>,
      keys,
      advance: (ms: number) => (now += ms),
    };
  }

  it('keeps one key for its lifetime, then rotates and still lists the old public key', async () => {
    const { keys, advance } = await setup();
    const [a, b] = await Promise.all([keys.current(), keys.current()]);
    expect(a.kid).toBe(b.kid);
    advance(HOUR - 1);
    expect((await keys.current()).kid).toBe(a.kid);
    advance(2);
    const rotated = await keys.current();
    expect(rotated.kid).not.toBe(a.kid);
    expect((await keys.listPublicKeys()).keys.map((k) => k.kid).sort()).toEqual([a.kid, rotated.kid].sort());
  });

  it('stops listing and purges keys once they expire (three key lifetimes)', async () => {
    const { db, keys, advance } = await setup();
    const old = await keys.current();
    advance(3 * HOUR + 1);
    const fresh = await keys.current();
    expect((await keys.listPublicKeys()).keys.map((k) => k.kid)).toEqual([fresh.kid]);
    const rows = await db.selectFrom('auth_signing_keys').select('kid').execute();
    expect(rows.map((r) => r.kid)).not.toContain(old.kid);
  });

  it('signs user tokens that verify against the published key', async () => {
    const { keys } = await setup();
    const issuer = new UserTokenIssuer({
      keys,
      issuer: async () => 'http://localhost:7007/api/auth',
      expiresInMs: HOUR,
    });
    const { token, expiresInSeconds } = await issuer.issue('user:default/jane');
    expect(expiresInSeconds).toBe(3600);
    const { kid } = decodeProtectedHeader(token);
    const jwk = (await keys.listPublicKeys()).keys.find((k) => k.kid === kid)!;
    const { payload, protectedHeader } = await jwtVerify(token, await importJWK(jwk, 'ES256'), {
      issuer: 'http://localhost:7007/api/auth',
      audience: 'backstage',
    });
    expect(protectedHeader.typ).toBe('vnd.backstage.user');
    expect(payload.sub).toBe('user:default/jane');
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload).not.toHaveProperty('ent');
  });
});
