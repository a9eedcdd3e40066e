export {
  PROXY_METHODS,
  type ProxyEndpointConfig,
  proxyConfigSchema,
} from './config/proxy-config.js';
export {
  type ProxyEndpointInput,
  type ProxyEndpointsExtension,
  proxyEndpointsExtensionPoint,
} from './extension-points.js';
export { proxyPlugin } from './proxy-plugin.js';
