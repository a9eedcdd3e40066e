import { Readable } from 'node:stream';
import type {
  Config,
  ReadUrlOptions,
  ReadUrlResponse,
  SearchResponse,
  UrlReaderProvider,
} from '@greenroom/backend-plugin-api';
import { InputError, NotFoundError, NotModifiedError } from '@greenroom/errors';
import { fetchWithLimits } from './fetch-with-limits.js';
import { ReadingAllowList } from './reading-allow-list.js';
import { UrlReadError } from './url-read-error.js';
import { type UrlReaderConfig, urlReaderConfigSchema } from './url-reader-config.js';

/** Characters that make a path a glob pattern. */
const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * Reads plain HTTP(S) URLs from the hosts listed in `backend.reading.allow`, with
 * conditional requests (`If-None-Match`, `If-Modified-Since`), a size limit and a
 * timeout. Redirects are followed only to allowed URLs.
 *
 * @example
 * const reader = FetchUrlReader.fromConfig(config);
 * const res = await reader.readUrl('https://docs.example.com/catalog-info.yaml', { etag });
 */
export class FetchUrlReader implements UrlReaderProvider {
  readonly name = 'fetch';
  readonly #allowList: ReadingAllowList;
  readonly #config: UrlReaderConfig;

  /** Creates a reader from `backend.reading`. */
  static fromConfig(config: Config): FetchUrlReader {
    return new FetchUrlReader(config.read('backend.reading', urlReaderConfigSchema));
  }

  constructor(config: UrlReaderConfig) {
    this.#config = config;
    this.#allowList = new ReadingAllowList(config.allow);
  }

  predicate(url: URL): boolean {
    return this.#allowList.allows(url);
  }

  async readUrl(url: string, options: ReadUrlOptions = {}): Promise<ReadUrlResponse> {
    const headers: Record<string, string> = {};
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModifiedAfter) headers['if-modified-since'] = options.lastModifiedAfter.toUTCString();
    const response = await fetchWithLimits(new URL(url), {
      allows: (target) => this.predicate(target),
      maxSize: this.#config.maxSize,
      timeout: this.#config.timeout,
      headers,
      ...(options.signal ? { signal: options.signal } : {}),
    });

    const etag = response.headers.get('etag') ?? undefined;
    const lastModifiedAt = parseHttpDate(response.headers.get('last-modified'));
    if (response.status === 304 || (options.etag !== undefined && etag === options.etag)) {
      throw new NotModifiedError(`'${url}' has not changed since it was last read`);
    }
    if (response.status === 404) throw new NotFoundError(`Could not read '${url}': 404 Not Found`);
    if (response.status < 200 || response.status >= 300) {
      throw new UrlReadError(
        `Could not read '${url}': the server answered ${response.status}`,
        response.status,
      );
    }
    if (options.lastModifiedAfter && lastModifiedAt && lastModifiedAt <= options.lastModifiedAfter) {
      throw new NotModifiedError(`'${url}' has not changed since ${options.lastModifiedAfter.toISOString()}`);
    }

    const body = response.body;
    return {
      buffer: async () => body,
      stream: () => Readable.from([body]),
      ...(etag !== undefined ? { etag } : {}),
      ...(lastModifiedAt ? { lastModifiedAt } : {}),
    };
  }

  /** Plain HTTP cannot list files: finds exactly the given URL, or nothing when it does not exist. */
  async search(url: string, options: { etag?: string; signal?: AbortSignal } = {}): Promise<SearchResponse> {
    if (GLOB_CHARACTERS.test(safeDecode(new URL(url).pathname))) {
      throw new InputError(
        `Cannot search '${url}': plain HTTP reading cannot expand glob patterns. Give the URL of one file, or install an integration for this host that supports search`,
      );
    }
    try {
      const response = await this.readUrl(url, options);
      const file = {
        url,
        content: () => response.buffer(),
        ...(response.lastModifiedAt ? { lastModifiedAt: response.lastModifiedAt } : {}),
      };
      return { files: [file], etag: response.etag ?? '' };
    } catch (error) {
      if (error instanceof NotFoundError) return { files: [], etag: '' };
      throw error;
    }
  }
}

function parseHttpDate(value: string | null): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
