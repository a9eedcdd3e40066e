import { coreServices, createBackendPlugin } from '@greenroom/backend-plugin-api';
import { z } from 'zod';
import { renderStatusPage } from './status-page.js';

/** The `app` config block; `title` and `baseUrl` are visible to the browser. */
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
  })
  .prefault({})
  .describe('The web app');

/** The keys this plugin declares in app-config.yaml. */
export const appConfigSchema = z.object({ app: appBlockSchema });

/**
 * The `app` plugin serves the web portal at `/`. Until the web bundle exists it
 * answers with a small page saying the portal is up and which plugins run.
 *
 * @example
 * backend.add(appPlugin);
 */
export const appPlugin = createBackendPlugin({
  pluginId: 'app',
  configSchema: appConfigSchema,
  register(reg) {
    reg.registerInit({
      deps: { config: coreServices.rootConfig, rootHttp: coreServices.rootHttpRouter },
      async init({ config, rootHttp }) {
        const app = config.read('app', appBlockSchema);
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
      },
    });
  },
});
