import type { FastifyInstance, FastifyRequest, Logger } from '@greenroom/backend-plugin-api';
import { errorStatusCode, InputError, isError, toErrorResponseBody } from '@greenroom/errors';
import type { FastifyReply } from 'fastify';
import { PROXY_METHODS } from '../config/proxy-config.js';
import { forwardRequest, type UpstreamAgents } from './forward-request.js';
import type { ProxyEndpoint } from './proxy-endpoint.js';

/**
 * The proxy's routes: for every endpoint, `<route>` and `<route>/*` in any method.
 * Bodies are not parsed: they stream to the upstream as they arrive, and the
 * upstream's response streams back.
 *
 * @example
 * http.use(proxyRoutes({ endpoints, agents, logger }));
 */
export function proxyRoutes(options: {
  endpoints: readonly ProxyEndpoint[];
  agents: UpstreamAgents;
  logger: Logger;
}): (app: FastifyInstance) => Promise<void> {
  const { endpoints, agents, logger } = options;
  return async (app) => {
    // Leave every body unread, so it can be piped upstream.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));
    for (const endpoint of endpoints) {
      const handler = (request: FastifyRequest, reply: FastifyReply) =>
        proxy(endpoint, request, reply, agents, logger);
      app.all(endpoint.route, handler);
      app.all(`${endpoint.route}/*`, handler);
    }
  };
}

async function proxy(
  endpoint: ProxyEndpoint,
  request: FastifyRequest,
  reply: FastifyReply,
  agents: UpstreamAgents,
  logger: Logger,
): Promise<FastifyReply> {
  const method = request.method.toUpperCase();
  if (!(PROXY_METHODS as readonly string[]).includes(method) || !endpoint.allowsMethod(method)) {
    const allowed = endpoint.config.allowedMethods ?? PROXY_METHODS;
    reply.header('allow', allowed.join(', '));
    return sendProxyError(reply, request, methodNotAllowed(method, endpoint.route, allowed));
  }
  const rawUrl = request.raw.url ?? '';
  let url: URL;
  try {
    if (!rawUrl.startsWith('/')) throw new InputError('Absolute request URLs are not proxied');
    url = endpoint.upstreamUrl(rawUrl);
  } catch (error) {
    return sendProxyError(reply, request, error);
  }
  const { credentials } = endpoint.config;
  const forwardAuthorization =
    credentials === 'forward' ||
    (credentials === 'dangerously-allow-unauthenticated' &&
      (endpoint.config.allowedHeaders ?? []).includes('authorization'));
  const headers = endpoint.requestHeaders(request.headers, { forwardAuthorization });
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  try {
    const response = await forwardRequest({
      url,
      method,
      headers,
      ...(hasBody ? { body: request.raw } : {}),
      timeoutMs: endpoint.config.timeout,
      agents,
      signal: abort.signal,
    });
    reply.code(response.statusCode ?? 502);
    reply.headers(endpoint.responseHeaders(response.headers));
    return reply.send(response);
  } catch (error) {
    if (abort.signal.aborted) return reply;
    logger.warn(`Proxy ${endpoint.route}: ${method} ${url.origin}${url.pathname} failed`, {
      reason: isError(error) ? error.message : String(error),
    });
    return sendProxyError(reply, request, error);
  }
}

function methodNotAllowed(method: string, route: string, allowed: readonly string[]): Error {
  const error = new Error(
    `Method ${method} is not allowed on proxy route ${route}; allowed: ${allowed.join(', ')}`,
  );
  error.name = 'MethodNotAllowedError';
  return Object.assign(error, { statusCode: 405 });
}

// Gateway errors carry a short reason of our own (never the upstream's body), so they are shown.
function sendProxyError(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const path = request.url.split('?')[0] ?? request.url;
  const body = toErrorResponseBody(error, { method: request.method, url: path }, { exposeInternal: true });
  return reply.code(errorStatusCode(error)).type('application/json; charset=utf-8').send(body);
}
