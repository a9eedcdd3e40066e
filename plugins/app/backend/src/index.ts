export { FRONTEND_CONFIG_ELEMENT_ID, injectFrontendConfig } from './index-html.js';
export {
  type AppPluginOptions,
  appConfigSchema,
  appPlugin,
  appPlugin as default,
  createAppPlugin,
} from './plugin.js';
export { loadWebAssets, type WebAsset } from './web-assets.js';
