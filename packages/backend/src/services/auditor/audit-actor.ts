import type { FastifyRequest, HttpAuthService } from '@greenroom/backend-plugin-api';
import { isSecretKey, REDACTED_VALUE } from '../logger/index.js';

/** Who caused an audit event, as far as the request tells. */
export interface AuditActor {
  /** The user entity ref or service subject; absent for anonymous callers or unreadable credentials. */
  actorId?: string;
  ip?: string;
  userAgent?: string;
  hostname?: string;
}

/** The request behind an audit event. Secret-looking query parameters are redacted. */
export interface AuditRequest {
  method: string;
  url: string;
}

/**
 * Reads the actor from a request's credentials. Invalid or missing credentials do
 * not fail the audit: the event is recorded with an actor without id.
 *
 * @example
 * const actor = await resolveAuditActor(request, httpAuth); // { actorId: 'user:default/ada', ip: '10.0.0.1', … }
 */
export async function resolveAuditActor(
  request: FastifyRequest,
  httpAuth: HttpAuthService,
): Promise<AuditActor> {
  const actor: AuditActor = {};
  try {
    const { principal } = await httpAuth.credentials(request);
    if (principal.type === 'user') actor.actorId = principal.userEntityRef;
    else if (principal.type === 'service') actor.actorId = principal.subject;
  } catch {
    // Unreadable credentials are themselves worth auditing; record what we know.
  }
  if (request.ip) actor.ip = request.ip;
  const userAgent = request.headers['user-agent'];
  if (userAgent) actor.userAgent = userAgent;
  if (request.hostname) actor.hostname = request.hostname;
  return actor;
}

/**
 * The method and URL of a request, with values of secret-looking query parameters
 * (`?token=…`) replaced by `[REDACTED]`.
 *
 * @example
 * describeAuditRequest(request); // { method: 'DELETE', url: '/api/catalog/entities/by-uid/123' }
 */
export function describeAuditRequest(request: FastifyRequest): AuditRequest {
  const url = request.originalUrl ?? request.url;
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return { method: request.method, url };
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const rawKey = pair.split('=', 1)[0]!;
      return isSecretKey(decodeQueryKey(rawKey)) ? `${rawKey}=${REDACTED_VALUE}` : pair;
    });
  return { method: request.method, url: `${url.slice(0, queryStart)}?${query.join('&')}` };
}

function decodeQueryKey(rawKey: string): string {
  try {
    return decodeURIComponent(rawKey.replace(/\+/g, ' '));
  } catch {
    return rawKey;
  }
}
