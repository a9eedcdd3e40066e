import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { listenConfigSchema, urlHost } from '../http/listen-config.js';
import { backendBaseUrlConfigSchema, discoveryConfigSchema } from './discovery-config.js';
import { HostDiscovery } from './host-discovery.js';

/**
 * The default `coreServices.discovery`: internal URLs point at the listen address
 * (`backend.listen`, wildcard hosts become `localhost`); with port 0 the port the
 * server actually bound is used, so internal URLs are known only once it listens.
 * External URLs use `backend.baseUrl`. `discovery.endpoints` overrides either.
 *
 * @example
 * backend.add(discoveryServiceFactory);
 */
export const discoveryServiceFactory = createServiceFactory({
  service: coreServices.discovery,
  deps: { config: coreServices.rootConfig, rootHttpRouter: coreServices.rootHttpRouter },
  factory({ config, rootHttpRouter }) {
    const listen = config.read('backend.listen', listenConfigSchema);
    const boundPort = () => {
      const address = rootHttpRouter.server?.server.address();
      return address && typeof address === 'object' ? address.port : undefined;
    };
    return new HostDiscovery({
      internalBaseUrl() {
        const port = boundPort() ?? (listen.port === 0 ? undefined : listen.port);
        if (port === undefined) {
          throw new Error(
            'The internal URL of this backend is not known yet: backend.listen.port is 0 (a free port is picked ' +
              'when the server starts listening); ask discovery after startup, e.g. while handling a request',
          );
        }
        return `http://${urlHost(listen.host)}:${port}`;
      },
      externalBaseUrl: config.read('backend.baseUrl', backendBaseUrlConfigSchema),
      endpoints: config.read('discovery', discoveryConfigSchema).endpoints,
    });
  },
});
