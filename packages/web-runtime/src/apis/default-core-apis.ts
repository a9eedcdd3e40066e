import { type ApiFactory, createApiFactory } from './api-ref.js';
import { type ConfigApi, readInjectedConfig } from './config-api.js';
import { configApiRef, discoveryApiRef, fetchApiRef, identityApiRef } from './core-api-refs.js';
import { SameOriginDiscoveryApi } from './discovery-api.js';
import { IdentityFetchApi } from './fetch-api.js';
import { SessionIdentityApi } from './identity-api.js';

/**
 * The core APIs of a browser app served by the Greenroom backend: injected frontend
 * config, same-origin discovery, the auth plugin's session and a token-adding fetch.
 *
 * @example
 * createApp({ plugins, apis: defaultCoreApis({ config: readInjectedConfig(document) }) });
 */
export function defaultCoreApis(
  options: { config?: ConfigApi; origin?: string } = {},
): ApiFactory<any, any>[] {
  const origin = options.origin ?? window.location.origin;
  return [
    createApiFactory({
      api: configApiRef,
      deps: {},
      factory: () => options.config ?? readInjectedConfig(document),
    }),
    createApiFactory({ api: discoveryApiRef, deps: {}, factory: () => new SameOriginDiscoveryApi(origin) }),
    createApiFactory({
      api: identityApiRef,
      deps: {},
      factory: () =>
        new SessionIdentityApi({
          authBaseUrl: `${origin}/api/auth`,
          appOrigin: origin,
          storage: window.localStorage,
        }),
    }),
    createApiFactory({
      api: fetchApiRef,
      deps: { identityApi: identityApiRef },
      factory: ({ identityApi }) => new IdentityFetchApi({ identityApi, origin }),
    }),
  ];
}
