import { NotFoundError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import type { SignInContext, SignInInfo } from '../types.js';
import { annotationResolver } from './resolvers.js';

const resolver = annotationResolver('Acme', 'acme.example/id', 'account id', (info) => info.raw.id as string);
const INFO: SignInInfo = {
  providerId: 'acme',
  profile: { username: 'Jane.Doe', email: 'jane@example.com' },
  raw: { id: 'a-1' },
};

function catalogWithout(): SignInContext & { refsWithoutCatalog: string[] } {
  const refsWithoutCatalog: string[] = [];
  return {
    refsWithoutCatalog,
    signInWithCatalogUser: async ({ filter }) => {
      throw new NotFoundError(`no user matches ${JSON.stringify(filter)}`);
    },
    signInWithoutCatalogUser: (ref) => {
      refsWithoutCatalog.push(ref);
      return { userEntityRef: ref, ownershipEntityRefs: [ref] };
    },
  };
}

describe('annotationResolver', () => {
  it('passes the catalog miss on, so the next configured resolver is tried', async () => {
    await expect(resolver.create({})(INFO, catalogWithout())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('signs in as user:default/<username> without a catalog user only when the entry allows it', async () => {
    const context = catalogWithout();
    const result = await resolver.create({ dangerouslyAllowSignInWithoutUserInCatalog: true })(INFO, context);
    expect(result.userEntityRef).toBe('user:default/jane.doe');
  });

  it('falls back to the email local part when the username is not a valid entity name', async () => {
    const context = catalogWithout();
    const result = await resolver.create({ dangerouslyAllowSignInWithoutUserInCatalog: true })(
      { ...INFO, profile: { username: 'not valid!', email: 'jdoe@example.com' } },
      context,
    );
    expect(result.userEntityRef).toBe('user:default/jdoe');
  });

  it('reports a missing value as not found, naming the provider and the annotation', async () => {
    await expect(resolver.create({})({ ...INFO, raw: {} }, catalogWithout())).rejects.toThrow(
      new NotFoundError(
        'Acme returned no account id for this account to match on metadata.annotations.acme.example/id',
      ),
    );
  });

  it('accepts its options through the schema the auth plugin validates config with', () => {
    expect(
      resolver.optionsSchema?.safeParse({ dangerouslyAllowSignInWithoutUserInCatalog: 'yes' }).success,
    ).toBe(false);
  });
});
