import { GatewayTimeoutError, NotAllowedError, PayloadTooLargeError } from '@greenroom/errors';
import { UrlReadError } from './url-read-error.js';

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Limits and checks for {@link fetchWithLimits}. */
export interface FetchLimits {
  /** Whether a redirect target may be followed. */
  allows(url: URL): boolean;
  maxSize: number;
  timeout: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A fully read answer: status, headers and the whole body. */
export interface FetchedResponse {
  url: URL;
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * GETs a URL, following at most 5 redirects and only to allowed URLs, within a total
 * time limit, and reads the body up to `maxSize` bytes. Reading the whole body here
 * keeps the limits in one place; the size bound keeps memory in check.
 *
 * @example
 * const res = await fetchWithLimits(new URL('https://example.com/a.yaml'), { allows, maxSize: 1e6, timeout: 5000 });
 */
export async function fetchWithLimits(url: URL, limits: FetchLimits): Promise<FetchedResponse> {
  const timeoutSignal = AbortSignal.timeout(limits.timeout);
  const signal = limits.signal ? AbortSignal.any([limits.signal, timeoutSignal]) : timeoutSignal;
  try {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(current, { redirect: 'manual', signal, headers: limits.headers ?? {} });
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null) {
        const body =
          response.status === 304 ? Buffer.alloc(0) : await readBody(response, current, limits.maxSize);
        return { url: current, status: response.status, headers: response.headers, body };
      }
      await response.body?.cancel();
      const next = new URL(location, current);
      if (!limits.allows(next)) {
        throw new NotAllowedError(
          `Reading from '${url}' redirected to '${next}', which is not allowed. Add the host to backend.reading.allow in app-config.yaml`,
        );
      }
      if (redirects + 1 > MAX_REDIRECTS) {
        throw new UrlReadError(`Reading from '${url}' was redirected more than ${MAX_REDIRECTS} times`);
      }
      current = next;
    }
  } catch (error) {
    if (timeoutSignal.aborted && !limits.signal?.aborted) {
      throw new GatewayTimeoutError(
        `Reading from '${url}' took longer than ${limits.timeout} ms (backend.reading.timeout)`,
        error,
      );
    }
    if (limits.signal?.aborted) throw limits.signal.reason;
    if (error instanceof TypeError) {
      const reason = error.cause instanceof Error ? error.cause.message : error.message;
      throw new UrlReadError(`Could not read '${url}': ${reason}`, undefined, error);
    }
    throw error;
  }
}

async function readBody(response: Response, url: URL, maxSize: number): Promise<Buffer> {
  const tooLarge = () =>
    new PayloadTooLargeError(
      `The content of '${url}' is larger than ${maxSize} bytes; raise backend.reading.maxSize to read it`,
    );
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxSize) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    // Throwing out of the loop cancels the stream, closing the connection.
    if (size > maxSize) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
