import { AuthenticationError, BadGatewayError, GatewayTimeoutError } from '@greenroom/errors';

/**
 * Largest response body read from an identity provider (JSON or a profile photo).
 *
 * @example
 * if (body.byteLength > MAX_PROVIDER_RESPONSE_BYTES) throw tooLarge;
 */
export const MAX_PROVIDER_RESPONSE_BYTES = 1024 * 1024;

/**
 * How long one call to an identity provider may take.
 *
 * @example
 * fetch(url, { signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
 */
export const PROVIDER_TIMEOUT_MS = 10_000;

/**
 * Names the provider and the step in every error.
 *
 * @example
 * const call: ProviderCall = { provider: 'GitHub', step: 'exchanging the authorization code' };
 */
export interface ProviderCall {
  provider: string;
  step: string;
}

/**
 * A provider's answer: status, headers and the raw (bounded) body.
 *
 * @example
 * const response: ProviderResponse = await callProvider(call, url, {});
 */
export interface ProviderResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/**
 * Calls an identity provider with a timeout and a bounded body. Network failures,
 * timeouts and oversized bodies become typed errors that name the provider and the
 * step, never the request (which may carry secrets).
 *
 * @example
 * const res = await callProvider({ provider: 'GitHub', step: 'fetching the user profile' }, url, {
 *   headers: { authorization: `Bearer ${token}` },
 * });
 */
export async function callProvider(
  call: ProviderCall,
  url: string,
  init: RequestInit,
): Promise<ProviderResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new GatewayTimeoutError(
        `${call.provider} did not answer within ${PROVIDER_TIMEOUT_MS} ms while ${call.step}`,
      );
    }
    throw new BadGatewayError(
      `${call.provider} could not be reached while ${call.step}; check the provider's endpoint URLs in config`,
      error,
    );
  }
  const body = await readBounded(call, response);
  return { status: response.status, headers: response.headers, body };
}

/**
 * Parses a provider's JSON object body, or throws a `BadGatewayError` naming the
 * provider and step (the body itself is never quoted: it may hold tokens).
 *
 * @example
 * const json = parseJsonObject(call, res);
 */
export function parseJsonObject(call: ProviderCall, response: ProviderResponse): Record<string, unknown> {
  const value = parseJson(call, response);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadGatewayError(`${call.provider} answered ${call.step} with JSON that is not an object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Parses a provider's JSON body of any shape, or throws a `BadGatewayError`.
 *
 * @example
 * const list = parseJson({ provider: 'GitHub', step: 'fetching the user’s emails' }, res);
 */
export function parseJson(call: ProviderCall, response: ProviderResponse): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(response.body));
  } catch {
    throw new BadGatewayError(`${call.provider} answered ${call.step} with a body that is not JSON`);
  }
}

/**
 * GETs a JSON resource with a bearer access token, e.g. a user profile. A 401 means
 * the provider no longer accepts the token (`AuthenticationError`); any other
 * non-2xx answer or bad body is a `BadGatewayError`.
 *
 * @example
 * const user = await fetchJsonWithToken({ provider: 'GitLab', step: 'fetching the user profile' }, url, token);
 */
export async function fetchJsonWithToken(
  call: ProviderCall,
  url: string,
  accessToken: string,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await callProvider(call, url, {
    headers: {
      accept: 'application/json',
      'user-agent': 'Greenroom',
      ...headers,
      authorization: `Bearer ${accessToken}`,
    },
  });
  assertOk(call, response);
  return parseJsonObject(call, response);
}

/**
 * Throws the typed error for a non-2xx provider answer: 401/403 → `AuthenticationError`,
 * anything else → `BadGatewayError`, with the status in the message.
 *
 * @example
 * assertOk({ provider: 'Google', step: 'fetching the user profile' }, response);
 */
export function assertOk(call: ProviderCall, response: ProviderResponse): void {
  if (response.status >= 200 && response.status < 300) return;
  if (response.status === 401 || response.status === 403) {
    throw new AuthenticationError(
      `${call.provider} refused the access token (HTTP ${response.status}) while ${call.step}; sign in again`,
    );
  }
  throw new BadGatewayError(`${call.provider} answered HTTP ${response.status} while ${call.step}`);
}

async function readBounded(call: ProviderCall, response: Response): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_PROVIDER_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw tooLarge(call);
  }
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_PROVIDER_RESPONSE_BYTES) {
        await reader.cancel();
        throw tooLarge(call);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof BadGatewayError) throw error;
    throw new BadGatewayError(`${call.provider} broke off its answer while ${call.step}`, error);
  }
  return Buffer.concat(chunks);
}

function tooLarge(call: ProviderCall): BadGatewayError {
  return new BadGatewayError(
    `${call.provider} answered ${call.step} with more than ${MAX_PROVIDER_RESPONSE_BYTES} bytes; refusing to read it`,
  );
}
