import type {
  AuthService,
  Credentials,
  DiscoveryService,
  Logger,
  PermissionsService,
} from '@greenroom/backend-plugin-api';
import { ServiceUnavailableError } from '@greenroom/errors';
import {
  type AuthorizePermissionRequest,
  type AuthorizePermissionResponse,
  authorizeResponseSchema,
  isPermittedByRestrictions,
  type Permission,
  type QueryPermissionRequest,
  type QueryPermissionResponse,
} from '@greenroom/plugin-permission-common';

/** The permission plugin's id: where `authorize` calls go. */
export const PERMISSION_PLUGIN_ID = 'permission';

/** Options of {@link DefaultPermissionsService}. */
export interface DefaultPermissionsServiceOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  logger: Logger;
  /** `permission.enabled`: when false every request is allowed without asking a policy. */
  enabled: boolean;
}

/**
 * The default `coreServices.permissions`. With `permission.enabled: false` (the default)
 * every check is `ALLOW`. Otherwise:
 * - users (also on-behalf-of) are decided by the permission plugin's policy, through
 *   `POST /api/permission/authorize` with a plugin token carrying the user;
 * - service callers (`plugin:*`, `external:*`) are allowed unless their access
 *   restrictions (`permissionNames`, `permissionAttributes.action`) leave the permission out;
 * - callers without credentials are denied.
 * When the permission plugin cannot be reached, checks fail (503) rather than allow.
 *
 * @example
 * const [{ result }] = await permissions.authorize([{ permission: catalogLocationCreatePermission }], { credentials });
 */
export class DefaultPermissionsService implements PermissionsService {
  readonly #options: DefaultPermissionsServiceOptions;

  constructor(options: DefaultPermissionsServiceOptions) {
    this.#options = options;
  }

  async authorize(
    requests: AuthorizePermissionRequest[],
    options: { credentials: Credentials },
  ): Promise<AuthorizePermissionResponse[]> {
    for (const request of requests) {
      if (request.permission.type === 'resource' && !request.resourceRef) {
        throw new TypeError(
          `authorize needs a resourceRef for resource permission '${request.permission.name}'; ` +
            'use authorizeConditional to filter a list',
        );
      }
    }
    const answers = await this.#evaluate(requests, options.credentials);
    return answers.map((answer, i) => {
      if (answer.result === 'CONDITIONAL') {
        throw new Error(
          `The permission plugin answered CONDITIONAL for '${requests[i]?.permission.name}' with a resourceRef; expected ALLOW or DENY`,
        );
      }
      return { result: answer.result };
    });
  }

  async authorizeConditional(
    requests: QueryPermissionRequest[],
    options: { credentials: Credentials },
  ): Promise<QueryPermissionResponse[]> {
    return this.#evaluate(requests, options.credentials);
  }

  async #evaluate(
    requests: { permission: Permission; resourceRef?: string | undefined }[],
    credentials: Credentials,
  ): Promise<QueryPermissionResponse[]> {
    if (requests.length === 0) return [];
    if (!this.#options.enabled) return requests.map(() => ({ result: 'ALLOW' as const }));
    const principal = credentials.principal;
    if (principal.type === 'none') return requests.map(() => ({ result: 'DENY' as const }));
    if (principal.type === 'service') {
      return requests.map(({ permission }) => ({
        result: isPermittedByRestrictions(permission, principal.accessRestrictions) ? 'ALLOW' : 'DENY',
      }));
    }
    const answers: QueryPermissionResponse[] = [];
    // The endpoint takes at most 1000 items per request.
    for (let start = 0; start < requests.length; start += 1000) {
      answers.push(...(await this.#ask(requests.slice(start, start + 1000), credentials)));
    }
    return answers;
  }

  async #ask(
    requests: { permission: Permission; resourceRef?: string | undefined }[],
    credentials: Credentials,
  ): Promise<QueryPermissionResponse[]> {
    const { auth, discovery, logger } = this.#options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: PERMISSION_PLUGIN_ID,
    });
    const url = `${await discovery.getBaseUrl(PERMISSION_PLUGIN_ID)}/authorize`;
    const items = requests.map((request, i) => ({
      id: String(i),
      permission: request.permission,
      ...(request.resourceRef ? { resourceRef: request.resourceRef } : {}),
    }));
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      });
    } catch (error) {
      logger.warn(`Permission check failed: cannot reach ${url}`, { error: String(error) });
      throw new ServiceUnavailableError(
        'Permission checks are unavailable: the permission plugin cannot be reached (is it installed?)',
      );
    }
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      logger.warn(`Permission check failed: ${url} answered ${response.status}`, {
        detail: detail.slice(0, 500),
      });
      throw new ServiceUnavailableError(
        response.status === 404
          ? "Permission checks are unavailable: the permission plugin is not installed (add it, or set 'permission.enabled: false')"
          : `Permission checks are unavailable: the permission plugin answered ${response.status}`,
      );
    }
    const parsed = authorizeResponseSchema.safeParse(await response.json().catch(() => undefined));
    const byId = new Map(parsed.success ? parsed.data.items.map((item) => [item.id, item]) : []);
    return items.map((item) => {
      const answer = byId.get(item.id);
      if (!answer)
        throw new ServiceUnavailableError('The permission plugin answered with an unexpected body');
      const { id: _id, ...decision } = answer;
      return decision;
    });
  }
}
