import { InputError, NotAllowedError, NotFoundError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import type { SignInInfo } from '../providers/types.js';
import { commonSignInResolvers } from './common-resolvers.js';
import { type CatalogLookups, SignInResolution } from './sign-in-resolution.js';

const factories = new Map(Object.entries(commonSignInResolvers));
const configKey = 'auth.providers.oidc.development.signIn.resolvers';

/** A catalog with one user, jane (email jane@example.com), that records each lookup. */
function catalogWithJane() {
  const lookups: Array<Record<string, string>> = [];
  const catalog: CatalogLookups = {
    async signInWithCatalogUser({ filter }) {
      lookups.push(filter);
      const matches =
        filter['spec.profile.email'] === 'jane@example.com' || filter['metadata.name'] === 'jane';
      if (!matches) throw new NotFoundError(`no User entity matches ${JSON.stringify(filter)}`);
      return {
        userEntityRef: 'user:default/jane',
        ownershipEntityRefs: ['user:default/jane', 'group:default/a'],
      };
    },
  };
  return { catalog, lookups };
}

const info = (profile: SignInInfo['profile']): SignInInfo => ({ providerId: 'oidc', profile, raw: {} });

describe('sign-in resolution', () => {
  it('tries the configured resolvers in order and takes the first user found', async () => {
    const { catalog, lookups } = catalogWithJane();
    const resolution = SignInResolution.create({
      configKey,
      factories,
      entries: [
        { resolver: 'emailMatchingUserEntityProfileEmail' },
        { resolver: 'usernameMatchingUserEntityName' },
      ],
    });
    const result = await resolution.resolve(info({ email: 'jane.d@example.com', username: 'jane' }), catalog);
    expect(result.userEntityRef).toBe('user:default/jane');
    expect(lookups).toEqual([{ 'spec.profile.email': 'jane.d@example.com' }, { 'metadata.name': 'jane' }]);
  });

  it('matches the local part of the email to the entity name', async () => {
    const { catalog, lookups } = catalogWithJane();
    const resolution = SignInResolution.create({
      configKey,
      factories,
      entries: [{ resolver: 'emailLocalPartMatchingUserEntityName' }],
    });
    expect((await resolution.resolve(info({ email: 'jane@corp.example' }), catalog)).userEntityRef).toBe(
      'user:default/jane',
    );
    expect(lookups).toEqual([{ 'metadata.name': 'jane' }]);
  });

  it('refuses an unknown person with every lookup named and the way to allow it', async () => {
    const resolution = SignInResolution.create({
      configKey,
      factories,
      entries: [
        { resolver: 'emailMatchingUserEntityProfileEmail' },
        { resolver: 'usernameMatchingUserEntityName' },
      ],
    });
    const error = await resolution
      .resolve(info({ email: 'jo@example.com' }), catalogWithJane().catalog)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect((error as Error).message).toContain('jo@example.com');
    expect((error as Error).message).toContain('gave no username');
    expect((error as Error).message).toContain(
      `dangerouslyAllowSignInWithoutUserInCatalog: true on a resolver in ${configKey}`,
    );
  });

  it('signs in without a catalog user only where the resolver entry allows it', async () => {
    const resolution = SignInResolution.create({
      configKey,
      factories,
      entries: [
        { resolver: 'emailMatchingUserEntityProfileEmail', dangerouslyAllowSignInWithoutUserInCatalog: true },
      ],
    });
    expect(
      await resolution.resolve(info({ email: 'Jo.Smith@example.com' }), catalogWithJane().catalog),
    ).toEqual({
      userEntityRef: 'user:default/jo.smith',
      ownershipEntityRefs: ['user:default/jo.smith'],
    });
  });

  it('refuses a custom resolver that skips the catalog without permission', async () => {
    const custom = new Map(factories);
    custom.set('always', {
      create: () => async (_info, ctx) => ctx.signInWithoutCatalogUser('user:default/x'),
    });
    const resolution = SignInResolution.create({
      configKey,
      factories: custom,
      entries: [{ resolver: 'always' }],
    });
    await expect(resolution.resolve(info({}), catalogWithJane().catalog)).rejects.toThrow(NotAllowedError);
  });

  it('stops at startup on an unknown resolver name, naming the key and the known resolvers', () => {
    expect(() =>
      SignInResolution.create({ configKey, factories, entries: [{ resolver: 'emailMatching' }] }),
    ).toThrow(InputError);
    expect(() =>
      SignInResolution.create({ configKey, factories, entries: [{ resolver: 'emailMatching' }] }),
    ).toThrow(
      /signIn\.resolvers\[0\]\.resolver: unknown sign-in resolver 'emailMatching'; known are emailMatchingUserEntityProfileEmail/,
    );
  });
});
