export {
  backendBaseUrlConfigSchema,
  type DiscoveryConfig,
  discoveryConfigSchema,
} from './discovery-config.js';
export { discoveryServiceFactory } from './discovery-service-factory.js';
export { HostDiscovery, type HostDiscoveryOptions } from './host-discovery.js';
