import { TestDatabases } from '@greenroom/test-utils';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { authMigrations } from '../database/migrations.js';
import type { AuthDatabase } from '../database/tables.js';
import { SessionStore } from './session-store.js';
import { TokenSealer } from './token-sealer.js';

const databases = TestDatabases.create();

const session = {
  providerId: 'oidc',
  environment: 'development',
  userEntityRef: 'user:default/jane',
  scope: 'openid email',
  profile: { email: 'jane@example.com' },
  providerTokens: { accessToken: 'provider-access-token', refreshToken: 'provider-refresh-token' },
};

describe.each(databases.eachSupportedId())('sessions on %s', (databaseId) => {
  async function setup(secret?: string) {
    const db = (await databases.init(databaseId)) as Kysely<AuthDatabase>;
    await authMigrations()['20261124_001_auth']!.up(db as Kysely<any>);
    return { db, store: new SessionStore({ db, sealer: new TokenSealer(secret), expirationMs: 60_000 }) };
  }

  it('stores only hashes of refresh tokens, and provider tokens sealed when a secret is set', async () => {
    const { db, store } = await setup('a-session-secret-of-at-least-32-characters');
    const { refreshToken } = await store.create(session);
    const rows = await db.selectFrom('auth_sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(refreshToken);
    expect(JSON.stringify(rows)).not.toContain('provider-access-token');
    const rotated = await store.rotate(refreshToken);
    expect(rotated.outcome === 'rotated' && rotated.session.providerTokens).toEqual(session.providerTokens);
  });

  it('rotates each token once; presenting a rotated one revokes the whole family', async () => {
    const { store } = await setup();
    const { refreshToken: first } = await store.create(session);
    const second = await store.rotate(first, (s) => ({ ...s, scope: `${s.scope} extra` }));
    expect(second.outcome).toBe('rotated');
    if (second.outcome !== 'rotated') return;
    expect(second.session.scope).toBe('openid email extra');

    expect(await store.rotate(first)).toMatchObject({
      outcome: 'reused',
      userEntityRef: 'user:default/jane',
    });
    expect(await store.rotate(second.refreshToken)).toEqual({ outcome: 'invalid' });
    expect(await store.rotate('never-issued')).toEqual({ outcome: 'invalid' });
  });

  it('gives a token back when renewing the session fails, so the browser can retry', async () => {
    const { store } = await setup();
    const { refreshToken } = await store.create(session);
    await expect(
      store.rotate(refreshToken, () => {
        throw new Error('identity provider down');
      }),
    ).rejects.toThrow('identity provider down');
    expect((await store.rotate(refreshToken)).outcome).toBe('rotated');
  });

  it('revokes a family at logout', async () => {
    const { store } = await setup();
    const { refreshToken, familyId } = await store.create(session);
    expect((await store.familyOf(refreshToken))?.familyId).toBe(familyId);
    await store.revokeFamily(familyId);
    expect(await store.rotate(refreshToken)).toEqual({ outcome: 'invalid' });
  });
});

describe('the token sealer', () => {
  it('opens what it sealed, and nothing sealed under another secret', () => {
    const sealer = new TokenSealer('a-session-secret-of-at-least-32-characters');
    const sealed = sealer.seal({ accessToken: 'x' });
    expect(sealed.startsWith('sealed:')).toBe(true);
    expect(sealer.open(sealed)).toEqual({ accessToken: 'x' });
    expect(new TokenSealer('another-secret-of-at-least-32-characters!!').open(sealed)).toBeUndefined();
    expect(new TokenSealer(undefined).open(sealed)).toBeUndefined();
    expect(new TokenSealer(undefined).seal({ accessToken: 'x' })).toBe('{"accessToken":"x"}');
  });
});
