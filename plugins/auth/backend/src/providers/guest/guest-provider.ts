import { NotAllowedError } from '@greenroom/errors';
import { z } from 'zod';
import { createAuthProviderModule } from '../../extension-points.js';
import { userRef } from '../../sign-in/catalog-identity.js';
import type { DirectSignInRegistration } from '../types.js';

const guestConfigSchema = z.object({
  userEntityRef: z
    .string()
    .max(300)
    .default('user:development/guest')
    .describe('Who the guest is signed in as.'),
  ownershipEntityRefs: z
    .array(z.string().min(1).max(300))
    .max(100)
    .optional()
    .describe(
      'What the guest owns; default: the catalog’s memberships of that user, or just the user itself.',
    ),
  dangerouslyAllowOutsideDevelopment: z
    .boolean()
    .default(false)
    .describe(
      'Allow guest sign-in when auth.environment or NODE_ENV is production. Anyone can then sign in.',
    ),
});

type GuestConfig = z.output<typeof guestConfigSchema>;

function isProduction(environment: string): boolean {
  return environment === 'production' || process.env.NODE_ENV === 'production';
}

/**
 * The guest provider (`auth.providers.guest`): `GET /api/auth/guest/refresh` signs in
 * as `user:development/guest` (or the configured ref) without any identity provider.
 * Refused in production unless `dangerouslyAllowOutsideDevelopment` is set.
 *
 * @example
 * backend.add(authModuleGuestProvider); // with auth.providers.guest: {} in app-config.yaml
 */
export const guestAuthProvider: DirectSignInRegistration<GuestConfig> = {
  kind: 'direct',
  providerId: 'guest',
  title: 'Guest',
  configSchema: guestConfigSchema,
  isEnabled: ({ config, environment }) =>
    config.dangerouslyAllowOutsideDevelopment || !isProduction(environment),
  async signIn({ config, environment, catalog }) {
    if (isProduction(environment) && !config.dangerouslyAllowOutsideDevelopment) {
      throw new NotAllowedError(
        'Guest sign-in is turned off in production; set auth.providers.guest.dangerouslyAllowOutsideDevelopment: true to allow it',
      );
    }
    const ref = userRef(config.userEntityRef);
    const profile = { displayName: 'Guest' };
    if (config.ownershipEntityRefs) {
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [...new Set([ref, ...config.ownershipEntityRefs.map((r) => r.toLowerCase())])],
        profile,
      };
    }
    const found = await catalog.findUser(ref);
    return { ...(found ?? { userEntityRef: ref, ownershipEntityRefs: [ref] }), profile };
  },
};

/**
 * The module that installs the guest provider.
 *
 * @example
 * backend.add(authPlugin);
 * backend.add(authModuleGuestProvider);
 */
export const authModuleGuestProvider = createAuthProviderModule(guestAuthProvider);
