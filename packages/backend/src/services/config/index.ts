export { parseConfigArgs } from './parse-config-args.js';
export {
  createRootConfigServiceFactory,
  type RootConfigServiceOptions,
  rootConfigServiceFactory,
} from './root-config-service-factory.js';
