import { NotFoundError } from '@greenroom/errors';
import { z } from 'zod';
import type { SignInContext, SignInResolverFactory, SignInResult } from '../providers/types.js';

const commonOptionsSchema = z.looseObject({
  dangerouslyAllowSignInWithoutUserInCatalog: z.boolean().optional(),
});
type CommonOptions = z.output<typeof commonOptionsSchema>;

/** User entity names: what a local part or username must look like to be looked up. */
const ENTITY_NAME = /^[a-z0-9A-Z]+(?:[-_.][a-z0-9A-Z]+)*$/;

/**
 * A resolver that looks one User entity up by `filter`, and — only when its config entry
 * sets `dangerouslyAllowSignInWithoutUserInCatalog` — signs in as `user:default/<name>`
 * when the catalog has none.
 */
function catalogLookupResolver(
  lookup: (info: Parameters<ReturnType<SignInResolverFactory['create']>>[0]) => {
    filter: Record<string, string>;
    nameWithoutCatalog: string;
  },
): SignInResolverFactory<CommonOptions> {
  return {
    optionsSchema: commonOptionsSchema,
    create:
      (options) =>
      async (info, context: SignInContext): Promise<SignInResult> => {
        const { filter, nameWithoutCatalog } = lookup(info);
        try {
          return await context.signInWithCatalogUser({ filter });
        } catch (error) {
          if (error instanceof NotFoundError && options.dangerouslyAllowSignInWithoutUserInCatalog) {
            return context.signInWithoutCatalogUser(`user:default/${nameWithoutCatalog.toLowerCase()}`);
          }
          throw error;
        }
      },
  };
}

function localPart(email: string | undefined, providerId: string): string {
  if (!email) throw new NotFoundError(`the ${providerId} provider gave no email address`);
  const part = email.split('@')[0] ?? '';
  if (!ENTITY_NAME.test(part)) {
    throw new NotFoundError(`the local part of '${email}' is not a valid entity name`);
  }
  return part;
}

/**
 * The resolvers every provider may use, by the names config selects:
 * - `emailMatchingUserEntityProfileEmail`: the profile email equals a User's `spec.profile.email`;
 * - `emailLocalPartMatchingUserEntityName`: the part before `@` equals a User's `metadata.name`;
 * - `usernameMatchingUserEntityName`: the provider's username equals a User's `metadata.name`.
 *
 * @example
 * const resolve = commonSignInResolvers.emailMatchingUserEntityProfileEmail.create({});
 */
export const commonSignInResolvers: Record<string, SignInResolverFactory<any>> = {
  emailMatchingUserEntityProfileEmail: catalogLookupResolver((info) => {
    const part = localPart(info.profile.email, info.providerId);
    return { filter: { 'spec.profile.email': info.profile.email! }, nameWithoutCatalog: part };
  }),
  emailLocalPartMatchingUserEntityName: catalogLookupResolver((info) => {
    const part = localPart(info.profile.email, info.providerId);
    return { filter: { 'metadata.name': part }, nameWithoutCatalog: part };
  }),
  usernameMatchingUserEntityName: catalogLookupResolver((info) => {
    const username = info.profile.username;
    if (!username) throw new NotFoundError(`the ${info.providerId} provider gave no username`);
    if (!ENTITY_NAME.test(username))
      throw new NotFoundError(`the username '${username}' is not a valid entity name`);
    return { filter: { 'metadata.name': username }, nameWithoutCatalog: username };
  }),
};
