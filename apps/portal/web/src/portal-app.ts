import { catalogPlugin } from '@greenroom/plugin-catalog-web';
import { type App, type ConfigApi, createApp, defaultCoreApis } from '@greenroom/web-runtime';
import { userSettingsPlugin } from './settings/settings-plugin.js';

/** The frontend plugins the portal installs, in sidebar order. */
export const portalPlugins = [catalogPlugin, userSettingsPlugin];

/**
 * Assembles the portal's web app: its plugins, the browser's core APIs, and route
 * bindings from `app.routes.bindings`.
 *
 * @example
 * const app = createPortalApp(readInjectedConfig(document));
 */
export function createPortalApp(config: ConfigApi): App {
  return createApp({ plugins: portalPlugins, apis: defaultCoreApis({ config }), config });
}
