import type {
  ReadUrlOptions,
  ReadUrlResponse,
  SearchResponse,
  UrlReaderProvider,
  UrlReaderService,
} from '@greenroom/backend-plugin-api';
import { InputError, NotAllowedError } from '@greenroom/errors';

/**
 * The URL reader plugins get: hands each URL to the first provider whose predicate
 * matches (code-host integrations first, plain HTTP last) and refuses the rest with a
 * `NotAllowedError` that names the config key to change.
 *
 * @example
 * const reader = new DefaultUrlReaderService([githubProvider, FetchUrlReader.fromConfig(config)]);
 * const res = await reader.readUrl('https://example.com/catalog-info.yaml');
 */
export class DefaultUrlReaderService implements UrlReaderService {
  readonly #providers: readonly UrlReaderProvider[];

  constructor(providers: readonly UrlReaderProvider[]) {
    this.#providers = providers;
  }

  async readUrl(url: string, options?: ReadUrlOptions): Promise<ReadUrlResponse> {
    return this.#providerFor(url).readUrl(url, options);
  }

  async search(url: string, options?: { etag?: string; signal?: AbortSignal }): Promise<SearchResponse> {
    return this.#providerFor(url).search(url, options);
  }

  checkReadable(url: string): void {
    this.#providerFor(url);
  }

  #providerFor(url: string): UrlReaderProvider {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InputError(
        `'${url}' is not a valid URL; give an absolute URL such as 'https://example.com/a.yaml'`,
      );
    }
    const provider = this.#providers.find((candidate) => candidate.predicate(parsed));
    if (!provider) {
      throw new NotAllowedError(
        `Reading from '${url}' is not allowed. Add the host to backend.reading.allow in app-config.yaml`,
      );
    }
    return provider;
  }
}
