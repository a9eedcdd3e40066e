import {
  type Config,
  coreServices,
  createServiceFactory,
  type Logger,
  type UrlReaderProvider,
} from '@greenroom/backend-plugin-api';
import { DefaultUrlReaderService } from './default-url-reader-service.js';
import { FetchUrlReader } from './fetch-url-reader.js';

/** What a provider list is built from. */
export interface UrlReaderProviderDeps {
  config: Config;
  logger: Logger;
}

/** Options for {@link createUrlReaderServiceFactory}. */
export interface UrlReaderServiceFactoryOptions {
  /** Extra providers (e.g. code hosts), asked before plain HTTP, in this order. */
  providers?: (deps: UrlReaderProviderDeps) => UrlReaderProvider[] | Promise<UrlReaderProvider[]>;
}

/**
 * A URL reader factory with extra providers. The reader is built once and shared by
 * all plugins; plain HTTP (`backend.reading`) is always the last provider.
 *
 * @example
 * createUrlReaderServiceFactory({ providers: ({ config }) => [GithubUrlReader.fromConfig(config)] });
 */
export function createUrlReaderServiceFactory(options: UrlReaderServiceFactoryOptions = {}) {
  return createServiceFactory({
    service: coreServices.urlReader,
    rootDeps: { config: coreServices.rootConfig, logger: coreServices.rootLogger },
    async createRootContext({ config, logger }) {
      const providers = (await options.providers?.({ config, logger })) ?? [];
      return new DefaultUrlReaderService([...providers, FetchUrlReader.fromConfig(config)]);
    },
    deps: {},
    factory: (_deps, reader) => reader,
  });
}

/**
 * The default URL reader: plain HTTP(S) for the hosts in `backend.reading.allow`.
 *
 * @example
 * const res = await urlReader.readUrl('https://docs.example.com/catalog-info.yaml');
 */
export const urlReaderServiceFactory = createUrlReaderServiceFactory();
