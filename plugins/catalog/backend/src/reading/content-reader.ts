import { open } from 'node:fs/promises';
import type { UrlReaderService } from '@greenroom/backend-plugin-api';
import { InputError, NotFoundError, NotModifiedError, PayloadTooLargeError } from '@greenroom/errors';
import type { AllowedDirectories } from './allowed-directories.js';
import { contentTag, errorTag, etagOf, etagTag, modifiedOf, modifiedTag } from './fingerprint.js';

/**
 * How long before a read a `Last-Modified` date must lie for the read to trust it as a
 * validator. Its resolution is one second: a file changed again within the second it was
 * read in keeps the same date, so a recent date is not trusted and the content is hashed
 * instead (RFC 9110, 8.8.2.2). A minute also covers clocks that differ by less than that.
 */
const LAST_MODIFIED_SETTLED_MS = 60_000;

/** One file to read: a URL, or an absolute path. */
export interface ReadTarget {
  type: 'url' | 'file';
  target: string;
}

/** A file as read: its content, or none when its ETag or date still matched, and its tag. */
export interface ContentRead {
  content: Buffer | undefined;
  tag: string;
}

/** What a {@link ContentReader} reads with. */
export interface ContentReaderDeps {
  urlReader: UrlReaderService;
  allowedDirectories: AllowedDirectories;
  signal?: AbortSignal | undefined;
}

/**
 * Reads single files for a location read: URLs through the URL reader (conditionally,
 * with `If-None-Match` when an ETag is known, else with `If-Modified-Since` when the server
 * sent a settled `Last-Modified`), paths only inside the allowed directories. Both are
 * bounded in size; a file that does not exist is a `NotFoundError`.
 *
 * @example
 * const reader = new ContentReader({ urlReader, allowedDirectories });
 * const { content, tag } = await reader.read({ type: 'file', target: '/srv/catalog/all.yaml' }, { maxBytes: 5e6 });
 */
export class ContentReader {
  readonly #deps: ContentReaderDeps;

  constructor(deps: ContentReaderDeps) {
    this.#deps = deps;
  }

  /** The signal that aborts the whole location read, if any. */
  get signal(): AbortSignal | undefined {
    return this.#deps.signal;
  }

  async read(file: ReadTarget, options: { maxBytes: number; previousTag?: string }): Promise<ContentRead> {
    return file.type === 'url' ? this.#readUrl(file.target, options) : this.#readFile(file.target, options);
  }

  /**
   * The current tag of a file, without throwing: the content tag, the previous tag when
   * the ETag still matches, `missing`, or an error tag.
   */
  async currentTag(file: ReadTarget, options: { maxBytes: number; previousTag?: string }): Promise<string> {
    try {
      return (await this.read(file, options)).tag;
    } catch (error) {
      this.#deps.signal?.throwIfAborted();
      return error instanceof NotFoundError ? 'missing' : errorTag(String(error));
    }
  }

  async #readUrl(url: string, options: { maxBytes: number; previousTag?: string }): Promise<ContentRead> {
    const etag = etagOf(options.previousTag);
    const lastModifiedAfter = modifiedOf(options.previousTag);
    const signal = this.#deps.signal;
    try {
      const response = await this.#deps.urlReader.readUrl(url, {
        ...(etag !== undefined ? { etag } : {}),
        ...(lastModifiedAfter ? { lastModifiedAfter } : {}),
        ...(signal ? { signal } : {}),
      });
      const content = await response.buffer();
      checkSize(url, content.length, options.maxBytes);
      return { content, tag: urlTag(response, content) };
    } catch (error) {
      if (error instanceof NotModifiedError && options.previousTag !== undefined) {
        return { content: undefined, tag: options.previousTag };
      }
      throw error;
    }
  }

  async #readFile(file: string, options: { maxBytes: number }): Promise<ContentRead> {
    const real = await this.#deps.allowedDirectories.resolve(file);
    this.#deps.signal?.throwIfAborted();
    const handle = await open(real, 'r');
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new InputError(`'${file}' is not a file`);
      checkSize(file, stats.size, options.maxBytes);
      const content = await handle.readFile();
      checkSize(file, content.length, options.maxBytes);
      return { content, tag: contentTag(content) };
    } finally {
      await handle.close();
    }
  }
}

/**
 * The text of a file: UTF-8 without a leading byte order mark.
 *
 * @example
 * decodeText(Buffer.from('\uFEFFkind: API')); // 'kind: API'
 */
export function decodeText(content: Buffer): string {
  const text = content.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The ETag if there is one, else a settled `Last-Modified`, else the content's hash. */
function urlTag(response: { etag?: string; lastModifiedAt?: Date }, content: Buffer): string {
  if (response.etag) return etagTag(response.etag);
  const { lastModifiedAt } = response;
  if (lastModifiedAt && lastModifiedAt.getTime() <= Date.now() - LAST_MODIFIED_SETTLED_MS) {
    return modifiedTag(lastModifiedAt);
  }
  return contentTag(content);
}

function checkSize(where: string, size: number, maxBytes: number): void {
  if (size > maxBytes) {
    throw new PayloadTooLargeError(
      `'${where}' is ${size} bytes, more than the limit of ${maxBytes} bytes; split it into smaller files`,
    );
  }
}
