import { InputError, NotAllowedError, NotFoundError } from '@greenroom/errors';
import type { SignInResolverEntry } from '../config/auth-config.js';
import type { SignInContext, SignInInfo, SignInResolver, SignInResult } from '../providers/types.js';
import { userRef } from './catalog-identity.js';

/** The catalog lookups resolvers get, without the per-entry permission to skip the catalog. */
export type CatalogLookups = Pick<SignInContext, 'signInWithCatalogUser'>;

interface ConfiguredResolver {
  name: string;
  resolve: SignInResolver;
  allowWithoutCatalog: boolean;
}

/**
 * The sign-in resolvers configured for one provider environment, tried in order: the
 * first that finds the user wins. When none does, sign-in is refused with a message
 * that names every lookup and how to allow the person in.
 *
 * @example
 * const resolution = SignInResolution.create({ providerId: 'oidc', configKey, entries, factories });
 * const { userEntityRef, ownershipEntityRefs } = await resolution.resolve(info, catalog);
 */
export class SignInResolution {
  readonly #resolvers: readonly ConfiguredResolver[];
  readonly #configKey: string;

  private constructor(resolvers: ConfiguredResolver[], configKey: string) {
    this.#resolvers = resolvers;
    this.#configKey = configKey;
  }

  /** Validates the configured entries against the known resolvers; throws naming the config key. */
  static create(options: {
    /** e.g. `auth.providers.oidc.development.signIn.resolvers` */
    configKey: string;
    entries: readonly SignInResolverEntry[];
    factories: ReadonlyMap<string, import('../providers/types.js').SignInResolverFactory<any>>;
  }): SignInResolution {
    const resolvers = options.entries.map((entry, index) => {
      const factory = options.factories.get(entry.resolver);
      if (!factory) {
        throw new InputError(
          `${options.configKey}[${index}].resolver: unknown sign-in resolver '${entry.resolver}'; known are ${[
            ...options.factories.keys(),
          ].join(', ')}`,
        );
      }
      const { resolver: _name, ...rest } = entry;
      const parsed = factory.optionsSchema
        ? factory.optionsSchema.safeParse(rest)
        : ({ success: true, data: rest } as const);
      if (!parsed.success) {
        throw new InputError(
          `${options.configKey}[${index}]: invalid options for resolver '${entry.resolver}': ${parsed.error.message}`,
        );
      }
      return {
        name: entry.resolver,
        resolve: factory.create(parsed.data),
        allowWithoutCatalog: entry.dangerouslyAllowSignInWithoutUserInCatalog === true,
      };
    });
    return new SignInResolution(resolvers, options.configKey);
  }

  async resolve(info: SignInInfo, catalog: CatalogLookups): Promise<SignInResult> {
    const misses: string[] = [];
    for (const resolver of this.#resolvers) {
      const context: SignInContext = {
        signInWithCatalogUser: (query) => catalog.signInWithCatalogUser(query),
        signInWithoutCatalogUser: (ref) => {
          if (!resolver.allowWithoutCatalog) {
            throw new NotAllowedError(
              `resolver ${resolver.name} may not sign in without a catalog user; set dangerouslyAllowSignInWithoutUserInCatalog: true on it`,
            );
          }
          const canonical = userRef(ref);
          return { userEntityRef: canonical, ownershipEntityRefs: [canonical] };
        },
      };
      try {
        const result = await resolver.resolve(info, context);
        return {
          userEntityRef: userRef(result.userEntityRef),
          ownershipEntityRefs: result.ownershipEntityRefs,
        };
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        misses.push(`${resolver.name}: ${error.message}`);
      }
    }
    throw new NotAllowedError(
      `Sign-in refused: no user found in the catalog (${misses.join('; ')}). ` +
        'Add a matching User entity to the catalog, or, to let people in without one, set ' +
        `dangerouslyAllowSignInWithoutUserInCatalog: true on a resolver in ${this.#configKey}`,
    );
  }
}
