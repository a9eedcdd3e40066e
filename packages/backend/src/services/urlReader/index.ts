export { DefaultUrlReaderService } from './default-url-reader-service.js';
export { FetchUrlReader } from './fetch-url-reader.js';
export { ReadingAllowList } from './reading-allow-list.js';
export { UrlReadError } from './url-read-error.js';
export {
  type ReadingAllowEntry,
  type UrlReaderConfig,
  urlReaderConfigSchema,
} from './url-reader-config.js';
export {
  createUrlReaderServiceFactory,
  type UrlReaderProviderDeps,
  type UrlReaderServiceFactoryOptions,
  urlReaderServiceFactory,
} from './url-reader-service-factory.js';
