import {
  coreServices,
  createBackendPlugin,
  type FastifyInstance,
  type FastifyRequest,
} from '@greenroom/backend-plugin-api';
import { type ConfigSchemaEntry, compileConfigSchemas, type JsonObject } from '@greenroom/config';
import { NotFoundError } from '@greenroom/errors';
import { z } from 'zod';
import { injectFrontendConfig } from './index-html.js';
import { renderStatusPage } from './status-page.js';
import { loadWebAssets, type WebAsset } from './web-assets.js';

/** The `app` config block; everything in it is visible to the browser. */
const appBlockSchema = z
  .object({
    title: z
      .string()
      .max(100)
      .default('Greenroom')
      .describe('The portal name shown in the browser title and header')
      .meta({ visibility: 'frontend' }),
    baseUrl: z
      .url()
      .default('http://localhost:7007')
      .describe('The URL where users open the portal')
      .meta({ visibility: 'frontend' }),
    routes: z
      .object({
        bindings: z
          .record(z.string().max(200), z.union([z.string().max(200), z.literal(false)]))
          .optional()
          .describe(
            "Binds plugins' external routes to pages, e.g. `catalog.createComponent: scaffolder.root`; false leaves one unbound",
          ),
      })
      .optional()
      .describe('How the web app links plugins together')
      .meta({ visibility: 'frontend' }),
  })
  .prefault({})
  .describe('The web app');

/** The keys this plugin declares in app-config.yaml. */
export const appConfigSchema = z.object({ app: appBlockSchema });

/** Options of {@link createAppPlugin}. */
export interface AppPluginOptions {
  /**
   * The built web app (Vite's output with index.html and assets/). When it has no
   * index.html the plugin serves a status page instead.
   */
  webDir?: string;
  /**
   * The config schemas of every installed feature: values they mark
   * `visibility: 'frontend'` are sent to the browser. Defaults to this plugin's own.
   */
  configSchemas?: () => ConfigSchemaEntry[];
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  // The API docs' "send request" calls the documented API's own server.
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * The `app` plugin serves the web portal: hashed assets cached for a year,
 * index.html never cached and carrying the frontend config, and index.html for
 * every other non-API path so the browser router can take over.
 *
 * @example
 * backend.add(createAppPlugin({ webDir: '/srv/greenroom/web', configSchemas: () => collectConfigSchemas(features) }));
 */
export function createAppPlugin(options: AppPluginOptions = {}) {
  return createBackendPlugin({
    pluginId: 'app',
    configSchema: appConfigSchema,
    register(reg) {
      reg.registerInit({
        deps: {
          config: coreServices.rootConfig,
          rootHttp: coreServices.rootHttpRouter,
          logger: coreServices.logger,
        },
        async init({ config, rootHttp, logger }) {
          const app = config.read('app', appBlockSchema);
          const assets = options.webDir ? loadWebAssets(options.webDir) : new Map<string, WebAsset>();
          const indexHtml = assets.get('/index.html');
          if (!indexHtml) {
            logger.info(
              options.webDir
                ? `No web app built in ${options.webDir}; serving a status page at / (run npm run build)`
                : 'No web app configured; serving a status page at /',
            );
            const page = renderStatusPage({ title: app.title });
            rootHttp.use('/', async (server) => {
              server.get('/', async (_request, reply) =>
                reply
                  .type('text/html; charset=utf-8')
                  .header('cache-control', 'no-cache')
                  .header('x-content-type-options', 'nosniff')
                  .send(page),
              );
            });
            return;
          }
          const schema = compileConfigSchemas(
            options.configSchemas?.() ?? [{ source: "plugin 'app'", schema: appConfigSchema }],
          );
          const template = indexHtml.body.toString('utf8');
          const renderIndex = () =>
            injectFrontendConfig(template, schema.frontendView((config.getOptional() ?? {}) as JsonObject));
          rootHttp.use('/', async (server) => serveWebApp(server, assets, renderIndex));
        },
      });
    },
  });
}

function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  return typeof header === 'string' && /\bgzip\b/.test(header);
}

function serveWebApp(server: FastifyInstance, assets: Map<string, WebAsset>, renderIndex: () => string) {
  const indexHeaders = {
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'same-origin',
  };
  server.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').headers(indexHeaders).send(renderIndex()),
  );
  server.get('/*', async (request, reply) => {
    const urlPath = decodeURIComponent(request.url.split('?')[0] ?? '/');
    if (urlPath.startsWith('/api/') || urlPath === '/api' || urlPath.startsWith('/.')) {
      throw new NotFoundError(`No route ${request.method} ${urlPath}`);
    }
    const asset = urlPath === '/index.html' ? undefined : assets.get(urlPath);
    if (asset) {
      const gzip = acceptsGzip(request) ? asset.gzip() : undefined;
      reply
        .type(asset.contentType)
        .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('vary', 'accept-encoding');
      if (gzip) reply.header('content-encoding', 'gzip');
      return reply.send(gzip ?? asset.body);
    }
    // A missing file (an old hashed chunk after a deploy) is a 404, not the app page.
    if (urlPath.startsWith('/assets/') || /\.[a-z0-9]{1,8}$/i.test(urlPath)) {
      throw new NotFoundError(
        `No file ${urlPath} in the web app; reload the page to get the current version`,
      );
    }
    return reply.type('text/html; charset=utf-8').headers(indexHeaders).send(renderIndex());
  });
}

/**
 * The `app` plugin without a built web app: it serves a status page at `/`. The
 * portal installs {@link createAppPlugin} with its web folder instead.
 *
 * @example
 * backend.add(appPlugin);
 */
export const appPlugin = createAppPlugin();
