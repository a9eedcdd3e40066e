import { coreServices, createBackendPlugin } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import {
  proxyBlockSchema,
  proxyConfigSchema,
  proxyEndpointSchema,
  proxyRouteSchema,
} from './config/proxy-config.js';
import { type ProxyEndpointInput, proxyEndpointsExtensionPoint } from './extension-points.js';
import { createUpstreamAgents, destroyUpstreamAgents } from './proxy/forward-request.js';
import { ProxyEndpoint } from './proxy/proxy-endpoint.js';
import { proxyRoutes } from './proxy/proxy-routes.js';

const BASE_PATH = '/api/proxy';

/**
 * The proxy (plugin id `proxy`): forwards `/api/proxy/<route>/…` to the upstreams of
 * `proxy.endpoints`. Callers need Greenroom credentials unless an endpoint says
 * `credentials: dangerously-allow-unauthenticated`; only configured targets are
 * reached, bodies stream both ways, hop-by-hop headers are dropped.
 *
 * @example
 * backend.add(proxyPlugin);
 */
export const proxyPlugin = createBackendPlugin({
  pluginId: 'proxy',
  configSchema: proxyConfigSchema,
  register(reg) {
    const added: { source: string; endpoints: Record<string, ProxyEndpointInput> }[] = [];
    reg.registerExtensionPoint(proxyEndpointsExtensionPoint, {
      addProxyEndpoints(endpoints) {
        added.push({ source: 'a module (addProxyEndpoints)', endpoints });
      },
    });
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        http: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, http, lifecycle }) {
        const settings = config.read('proxy', proxyBlockSchema);
        const endpoints = new Map<string, ProxyEndpoint>();
        const sources = new Map<string, string>();
        for (const [route, endpoint] of Object.entries(settings.endpoints)) {
          endpoints.set(route, new ProxyEndpoint(route, endpoint, BASE_PATH));
          sources.set(route, 'config (proxy.endpoints)');
        }
        for (const { source, endpoints: more } of added) {
          for (const [route, input] of Object.entries(more)) {
            const parsed = z
              .object({ route: proxyRouteSchema, endpoint: proxyEndpointSchema })
              .safeParse({ route, endpoint: input });
            if (!parsed.success) {
              throw new InputError(
                `Invalid proxy endpoint '${route}' from ${source}: ${z.prettifyError(parsed.error)}`,
              );
            }
            if (sources.has(route)) {
              throw new InputError(
                `Proxy route '${route}' is defined twice: by ${sources.get(route)} and by ${source}; remove one`,
              );
            }
            endpoints.set(route, new ProxyEndpoint(route, parsed.data.endpoint, BASE_PATH));
            sources.set(route, source);
          }
        }
        const all = [...endpoints.values()];
        // Longer routes first, so `/jira/api` wins over `/jira` for the paths they share.
        all.sort((a, b) => b.route.length - a.route.length);
        const agents = createUpstreamAgents();
        lifecycle.addShutdownHook(() => destroyUpstreamAgents(agents));
        for (const endpoint of all) {
          if (endpoint.config.credentials === 'dangerously-allow-unauthenticated') {
            http.addAuthPolicy({ path: endpoint.route, allow: 'unauthenticated' });
            logger.warn(
              `Proxy route ${endpoint.route} accepts requests without credentials (credentials: dangerously-allow-unauthenticated)`,
            );
          }
        }
        http.use(proxyRoutes({ endpoints: all, agents, logger }));
        logger.info(
          all.length === 0
            ? 'No proxy endpoints configured (proxy.endpoints)'
            : `Proxying ${all.map((e) => `${BASE_PATH}${e.route} → ${new URL(e.config.target).origin}`).join(', ')}`,
        );
      },
    });
  },
});
