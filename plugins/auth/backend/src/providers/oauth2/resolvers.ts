import { NotFoundError } from '@greenroom/errors';
import { z } from 'zod';
import type { SignInInfo, SignInResolverFactory } from '../types.js';

/**
 * Picks the value a resolver matches on from what the provider returned.
 *
 * @example
 * const pickLogin: SignInValuePicker = (info) => info.profile.username;
 */
export type SignInValuePicker = (info: SignInInfo) => string | number | undefined | null;

const optionsSchema = z.looseObject({
  dangerouslyAllowSignInWithoutUserInCatalog: z.boolean().optional(),
});

type AnnotationResolverOptions = z.output<typeof optionsSchema>;

/** User entity names (what `user:default/<name>` may hold when no catalog user exists). */
const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

/**
 * A resolver that signs in the User entity whose annotation equals a value from the
 * provider, e.g. `github.com/user-id` = GitHub's numeric user id. With
 * `dangerouslyAllowSignInWithoutUserInCatalog` on its config entry, a person without a
 * User entity signs in as `user:default/<username or email local part>`.
 *
 * @example
 * const userId = annotationResolver('GitHub', 'github.com/user-id', 'user id', (info) => info.raw.id as number);
 * // auth.providers.github.<env>.signIn.resolvers: [{ resolver: userIdMatchingUserEntityAnnotation }]
 */
export function annotationResolver(
  providerName: string,
  annotation: string,
  what: string,
  pick: SignInValuePicker,
): SignInResolverFactory<AnnotationResolverOptions> {
  const field = `metadata.annotations.${annotation}`;
  return {
    optionsSchema,
    create: (options) => async (info, context) => {
      const value = pick(info);
      if (value === undefined || value === null || value === '') {
        throw new NotFoundError(`${providerName} returned no ${what} for this account to match on ${field}`);
      }
      try {
        return await context.signInWithCatalogUser({ filter: { kind: 'user', [field]: String(value) } });
      } catch (error) {
        const name = nameWithoutCatalog(info);
        if (error instanceof NotFoundError && options.dangerouslyAllowSignInWithoutUserInCatalog && name) {
          return context.signInWithoutCatalogUser(`user:default/${name.toLowerCase()}`);
        }
        throw error;
      }
    },
  };
}

function nameWithoutCatalog(info: SignInInfo): string | undefined {
  const candidates = [info.profile.username, info.profile.email?.split('@')[0]];
  return candidates.find((c): c is string => typeof c === 'string' && ENTITY_NAME.test(c));
}
