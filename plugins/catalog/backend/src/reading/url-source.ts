import type { SearchResponse, UrlReaderService } from '@greenroom/backend-plugin-api';
import { NotFoundError, NotModifiedError, PayloadTooLargeError } from '@greenroom/errors';
import type { ReadTarget } from './content-reader.js';
import { contentTag, errorTag } from './fingerprint.js';
import {
  failedListing,
  fileRef,
  messageOf,
  type SourceDeps,
  type SourceFile,
  type SourceListing,
} from './location-source.js';
import { isGlobPattern } from './location-spec.js';
import { mapConcurrently } from './map-concurrently.js';

const SEARCH_TAG = 'search-etag:';

/**
 * The files of a `url` location: the one URL (read conditionally when its ETag is known),
 * or, when the URL's path holds glob characters, every file the URL reader's `search`
 * finds (conditionally on the search's ETag).
 *
 * @example
 * const listing = await listUrlLocation('https://example.com/catalog-info.yaml', { reader, limits, urlReader });
 */
export async function listUrlLocation(
  target: string,
  deps: SourceDeps & { urlReader: UrlReaderService },
): Promise<SourceListing> {
  const self: ReadTarget = { type: 'url', target };
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return failedListing(self, `URL location target '${target}' is not an absolute URL, e.g. 'https://…'`);
  }
  const previous = new Map(deps.previous);
  if (isGlobPattern(safeDecode(url.pathname))) return searchUrl(target, deps, previous);
  try {
    const previousTag = previous.get(fileRef(self));
    const read = await deps.reader.read(self, {
      maxBytes: deps.limits.maxFileBytes,
      ...(previousTag !== undefined ? { previousTag } : {}),
    });
    return { kind: 'files', files: [{ ...self, ...read }], errors: [], parts: [[fileRef(self), read.tag]] };
  } catch (error) {
    deps.signal?.throwIfAborted();
    if (error instanceof NotFoundError) return { kind: 'missing', message: error.message };
    return failedListing(self, messageOf(error));
  }
}

async function searchUrl(
  target: string,
  deps: SourceDeps & { urlReader: UrlReaderService },
  previous: Map<string, string>,
): Promise<SourceListing> {
  const self: ReadTarget = { type: 'url', target };
  const searchKey = `search:${target}`;
  const previousEtag = previous.get(searchKey)?.slice(SEARCH_TAG.length);
  let response: SearchResponse;
  try {
    response = await deps.urlReader.search(target, {
      ...(previousEtag ? { etag: previousEtag } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  } catch (error) {
    deps.signal?.throwIfAborted();
    if (error instanceof NotModifiedError && previousEtag && deps.previous) {
      // Nothing changed: the same files, whose content is not fetched.
      const files = deps.previous
        .filter(([key]) => key.startsWith('url:'))
        .map(([key, tag]): SourceFile => ({ type: 'url', target: key.slice(4), content: undefined, tag }));
      return { kind: 'files', files, errors: [], parts: [...deps.previous] };
    }
    return failedListing(self, messageOf(error));
  }
  if (response.files.length === 0) return { kind: 'missing', message: `No files match '${target}'` };
  if (response.files.length > deps.limits.maxFiles) {
    return failedListing(
      self,
      `'${target}' matches ${response.files.length} files, more than the limit of ${deps.limits.maxFiles}; narrow the pattern or split the location`,
    );
  }
  const result: SourceListing & { kind: 'files' } = { kind: 'files', files: [], errors: [], parts: [] };
  if (response.etag) result.parts.push([searchKey, `${SEARCH_TAG}${response.etag}`]);
  const found = [...response.files].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const reads = await mapConcurrently(found, deps.limits.concurrency, async (file) => {
    try {
      const content = await file.content();
      if (content.length > deps.limits.maxFileBytes) {
        throw new PayloadTooLargeError(
          `'${file.url}' is ${content.length} bytes, more than the limit of ${deps.limits.maxFileBytes} bytes; split it into smaller files`,
        );
      }
      return { ok: true as const, url: file.url, content };
    } catch (error) {
      deps.signal?.throwIfAborted();
      return { ok: false as const, url: file.url, error: messageOf(error) };
    }
  });
  for (const read of reads) {
    const ref = fileRef({ type: 'url', target: read.url });
    if (read.ok) {
      const tag = contentTag(read.content);
      result.files.push({ type: 'url', target: read.url, content: read.content, tag });
      result.parts.push([ref, tag]);
    } else {
      result.errors.push({ target: read.url, message: read.error });
      result.parts.push([ref, errorTag(read.error)]);
    }
  }
  return result;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
