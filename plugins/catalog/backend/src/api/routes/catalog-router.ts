import type { FastifyPluginAsync } from 'fastify';
import { buildOpenApiDocument, type CatalogRoute, registerRoutes } from './catalog-route.js';

/**
 * All catalog routes on one Fastify scope, plus `GET /openapi.json` describing them
 * (generated from the same route schemas; public, as it holds no data).
 *
 * @example
 * http.use(createCatalogRouter({ routes, entitySchema, baseUrl: () => discovery.getBaseUrl('catalog') }));
 * http.addAuthPolicy({ path: '/openapi.json', allow: 'unauthenticated' });
 */
export function createCatalogRouter(options: {
  routes: readonly CatalogRoute[];
  /** JSON Schema of an entity, from the compiled model. */
  entitySchema: Record<string, unknown>;
  /** Where the API is served, e.g. `http://localhost:7007/api/catalog`; asked on first use. */
  baseUrl: () => Promise<string>;
}): FastifyPluginAsync {
  let document: Record<string, unknown> | undefined;
  const openApi = async () => {
    // The model's schema refers to its own `#/definitions/…`; in OpenAPI they live under components.
    const moved = JSON.parse(
      JSON.stringify(options.entitySchema).replaceAll('"#/definitions/', '"#/components/schemas/'),
    ) as { $schema?: string; definitions?: Record<string, unknown> };
    const { $schema: _drop, definitions, ...entity } = moved;
    document ??= buildOpenApiDocument(options.routes, {
      title: 'Greenroom catalog API',
      version: '1',
      serverUrl: await options.baseUrl(),
      components: { Entity: entity, ...(definitions ?? {}) },
    });
    return document;
  };
  return async (app) => {
    registerRoutes(app, options.routes);
    app.get('/openapi.json', async (_request, reply) => reply.send(await openApi()));
  };
}
