import type { DatabaseService } from '@greenroom/backend-plugin-api';
import { TestDatabases, TestLogger } from '@greenroom/test-utils';
import { compactVerify, importJWK, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DatabasePluginKeyStore, PUBLIC_KEYS_TABLE } from './database-plugin-key-store.js';

const databases = TestDatabases.create();
const HOUR = 3_600_000;

function serviceOn(db: Kysely<any>, dialect: DatabaseService['dialect']): DatabaseService {
  return {
    dialect,
    getClient: async () => db,
    migrate: async () => {
      throw new Error('the key store never migrates');
    },
  };
}

describe.each(databases.eachSupportedId())('DatabasePluginKeyStore on %s', (databaseId) => {
  const dialect = databaseId === 'POSTGRES' ? 'postgres' : 'sqlite';

  it('makes one key for concurrent callers and publishes it before use', async () => {
    const db = await databases.init(databaseId);
    const store = new DatabasePluginKeyStore({
      database: serviceOn(db, dialect),
      logger: new TestLogger(),
      keyDurationMs: HOUR,
    });
    const keys = await Promise.all([store.getSigningKey(), store.getSigningKey(), store.getSigningKey()]);
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    const { keys: published } = await store.listPublicKeys();
    expect(published).toEqual([expect.objectContaining({ kid: keys[0]!.kid, alg: 'ES256', kty: 'EC' })]);
    expect(published[0]!.d).toBeUndefined();
    const jws = await new SignJWT({ hello: 'world' })
      .setProtectedHeader({ alg: 'ES256', kid: keys[0]!.kid })
      .sign(keys[0]!.privateKey);
    await expect(compactVerify(jws, await importJWK(published[0]!, 'ES256'))).resolves.toBeDefined();
  });

  it('rotates after the key duration, keeps old keys listed three durations, then purges them', async () => {
    const db = await databases.init(databaseId);
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new DatabasePluginKeyStore({
      database: serviceOn(db, dialect),
      logger: new TestLogger(),
      keyDurationMs: HOUR,
      now: () => now,
    });
    const first = await store.getSigningKey();
    now += HOUR / 2;
    expect((await store.getSigningKey()).kid).toBe(first.kid);
    now += HOUR;
    const second = await store.getSigningKey();
    expect(second.kid).not.toBe(first.kid);
    expect((await store.listPublicKeys()).keys.map((k) => k.kid)).toEqual([second.kid, first.kid]);
    now += 2 * HOUR; // The first key (published for three hours) has expired, the second has not.
    const third = await store.getSigningKey();
    expect((await store.listPublicKeys()).keys.map((k) => k.kid)).toEqual([third.kid, second.kid]);
    const rows = await db.selectFrom(PUBLIC_KEYS_TABLE).select('id').execute();
    expect(rows.map((r: { id: string }) => r.id).sort()).toEqual([second.kid, third.kid].sort());
  });

  it('lists the keys of every instance sharing the database', async () => {
    const db = await databases.init(databaseId);
    const one = new DatabasePluginKeyStore({
      database: serviceOn(db, dialect),
      logger: new TestLogger(),
      keyDurationMs: HOUR,
    });
    const two = new DatabasePluginKeyStore({
      database: serviceOn(db, dialect),
      logger: new TestLogger(),
      keyDurationMs: HOUR,
    });
    const [a, b] = await Promise.all([one.getSigningKey(), two.getSigningKey()]);
    const kids = (await one.listPublicKeys()).keys.map((k) => k.kid).sort();
    expect(kids).toEqual([a.kid, b.kid].sort());
  });
});
