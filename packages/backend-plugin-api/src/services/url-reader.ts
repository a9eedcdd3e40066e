import type { Readable } from 'node:stream';

/** Options for reading one URL. */
export interface ReadUrlOptions {
  /** Answer `NotModifiedError` if the content still has this ETag. */
  etag?: string;
  /** Answer `NotModifiedError` if the content has not changed since this time. */
  lastModifiedAfter?: Date;
  signal?: AbortSignal;
}

/** The content of a URL. Read it once, either as a buffer or as a stream. */
export interface ReadUrlResponse {
  buffer(): Promise<Buffer>;
  stream(): Readable;
  etag?: string;
  lastModifiedAt?: Date;
}

/** One file found by `search`. */
export interface SearchResponseFile {
  url: string;
  content(): Promise<Buffer>;
  lastModifiedAt?: Date;
}

export interface SearchResponse {
  files: SearchResponseFile[];
  etag: string;
}

/**
 * Reads files from URLs. Only hosts allowed by config (`backend.reading.allow`) or
 * by an installed integration can be read; others are refused with `NotAllowedError`.
 *
 * @example
 * const res = await urlReader.readUrl('https://example.com/catalog-info.yaml');
 * const text = (await res.buffer()).toString('utf8');
 */
export interface UrlReaderService {
  readUrl(url: string, options?: ReadUrlOptions): Promise<ReadUrlResponse>;
  /** Finds files matching a URL; plain HTTP matches exactly one URL, integrations support globs. */
  search(url: string, options?: { etag?: string; signal?: AbortSignal }): Promise<SearchResponse>;
  /**
   * Throws what reading `url` would throw for not being allowed (`NotAllowedError` naming
   * the config key that allows it, `InputError` for a malformed URL), without reading it.
   */
  checkReadable(url: string): void;
}

/** A reader for some URLs, e.g. one code host. The first whose predicate matches is used. */
export interface UrlReaderProvider {
  /** Used in errors and logs, e.g. `fetch` or `github`. */
  readonly name: string;
  predicate(url: URL): boolean;
  readUrl(url: string, options?: ReadUrlOptions): Promise<ReadUrlResponse>;
  search(url: string, options?: { etag?: string; signal?: AbortSignal }): Promise<SearchResponse>;
}
