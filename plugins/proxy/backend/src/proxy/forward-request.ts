import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { BadGatewayError, GatewayTimeoutError } from '@greenroom/errors';

/** Keep-alive agents shared by every endpoint, so upstream connections are reused. */
export interface UpstreamAgents {
  http: http.Agent;
  https: https.Agent;
}

/**
 * Creates the keep-alive agents the proxy uses; destroy them at shutdown.
 *
 * @example
 * const agents = createUpstreamAgents();
 * lifecycle.addShutdownHook(() => destroyUpstreamAgents(agents));
 */
export function createUpstreamAgents(): UpstreamAgents {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets: 256 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 256 }),
  };
}

export function destroyUpstreamAgents(agents: UpstreamAgents): void {
  agents.http.destroy();
  agents.https.destroy();
}

/**
 * Sends one request upstream, streaming `body` (the caller's request stream, or
 * nothing) and resolving with the upstream response as soon as its headers arrive;
 * the response body is left to stream. `timeout` bounds the wait for the headers and
 * every pause of the socket afterwards. `signal` aborts when the caller goes away.
 *
 * @throws GatewayTimeoutError when the upstream does not answer in time (504).
 * @throws BadGatewayError when it cannot be reached or breaks the connection (502).
 * @example
 * const response = await forwardRequest({ url, method: 'GET', headers, timeoutMs: 30_000, agents });
 * reply.code(response.statusCode ?? 502).send(response);
 */
export function forwardRequest(options: {
  url: URL;
  method: string;
  headers: OutgoingHttpHeaders;
  body?: Readable;
  timeoutMs: number;
  agents: UpstreamAgents;
  signal?: AbortSignal;
}): Promise<IncomingMessage> {
  const { url, method, headers, body, timeoutMs, agents, signal } = options;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const upstream = transport.request(url, {
      method,
      headers,
      agent: url.protocol === 'https:' ? agents.https : agents.http,
      timeout: timeoutMs,
      signal,
    });
    let answered = false;
    upstream.on('timeout', () => {
      const error = new GatewayTimeoutError(
        answered
          ? `The upstream stalled for more than ${timeoutMs} ms while sending its response`
          : `The upstream did not answer within ${timeoutMs} ms`,
      );
      upstream.destroy(error);
    });
    upstream.on('response', (response) => {
      answered = true;
      resolve(response);
    });
    upstream.on('error', (error) => {
      if (answered) return; // The response stream reports it to whoever reads it.
      reject(
        error instanceof GatewayTimeoutError
          ? error
          : new BadGatewayError(`The upstream could not be reached (${errorCode(error)})`, error),
      );
    });
    if (body) {
      body.on('error', (error) => upstream.destroy(error));
      body.pipe(upstream);
    } else {
      upstream.end();
    }
  });
}

function errorCode(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : error.name;
}
