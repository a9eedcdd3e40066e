import type { Credentials, DiscoveryService, Logger, UserInfoService } from '@greenroom/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@greenroom/errors';
import {
  APPLY_CONDITIONS_PATH,
  type AuthorizeRequestBody,
  type AuthorizeResponseBody,
  applyConditionsResponseSchema,
  evaluateCriteria,
  isPermittedByRestrictions,
  type Permission,
  type QueryPermissionResponse,
} from '@greenroom/plugin-permission-common';
import type { PermissionDirectory } from '../metadata/permission-directory.js';
import type { ServiceTokens } from '../metadata/service-tokens.js';
import type { PermissionPolicy, PolicyResult, PolicyUser } from '../policy/permission-policy.js';

/** Options of {@link Authorizer}. */
export interface AuthorizerOptions {
  directory: PermissionDirectory;
  /** The policy in effect (read on every request, so it can be replaced). */
  getPolicy: () => PermissionPolicy;
  userInfo: UserInfoService;
  /** The plugin's own tokens for calling resource plugins. */
  tokens: ServiceTokens;
  discovery: DiscoveryService;
  logger: Logger;
}

type Item = AuthorizeRequestBody['items'][number];

/**
 * Answers authorize batches: checks that every permission is declared by some plugin
 * (`InputError` otherwise), lets service callers through unless their access
 * restrictions forbid, asks the policy for users, and resolves conditional answers
 * for items with a `resourceRef` by calling the resource plugin's apply-conditions.
 *
 * @example
 * const response = await authorizer.authorize(body, credentials);
 */
export class Authorizer {
  readonly #options: AuthorizerOptions;

  constructor(options: AuthorizerOptions) {
    this.#options = options;
  }

  async authorize(body: AuthorizeRequestBody, credentials: Credentials): Promise<AuthorizeResponseBody> {
    await this.#checkDeclared(body.items);
    const principal = credentials.principal;
    if (principal.type === 'service') {
      return {
        items: body.items.map((item) => ({
          id: item.id,
          result: isPermittedByRestrictions(item.permission, principal.accessRestrictions) ? 'ALLOW' : 'DENY',
        })),
      };
    }
    if (principal.type !== 'user')
      return { items: body.items.map((item) => ({ id: item.id, result: 'DENY' })) };
    const info = await this.#options.userInfo.getUserInfo(credentials as Credentials<typeof principal>);
    const user: PolicyUser = {
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
    return { items: await this.evaluate(body.items, user) };
  }

  /**
   * Whether the caller may use one of the permission plugin's own basic permissions,
   * decided like any other check (by the policy for users).
   */
  async isAllowed(permission: Permission, credentials: Credentials): Promise<boolean> {
    const principal = credentials.principal;
    if (principal.type === 'service')
      return isPermittedByRestrictions(permission, principal.accessRestrictions);
    if (principal.type !== 'user') return false;
    const info = await this.#options.userInfo.getUserInfo(credentials as Credentials<typeof principal>);
    const [answer] = await this.evaluate([{ id: '0', permission }], info);
    return answer?.result === 'ALLOW';
  }

  /** The policy's answers for a user, conditional ones resolved where a resourceRef is given. */
  async evaluate(items: Item[], user: PolicyUser): Promise<AuthorizeResponseBody['items']> {
    const policy = this.#options.getPolicy();
    const answers: AuthorizeResponseBody['items'] = [];
    const toApply = new Map<string, { index: number; item: Item; decision: QueryPermissionResponse }[]>();
    // Which plugin owns a resource type, looked up once per batch.
    const owners = new Map<string, Promise<string | undefined>>();
    for (const item of items) {
      const result = await policy.handle({ permission: item.permission }, user);
      const decision = await this.#complete(item.permission, result, owners);
      answers.push({ id: item.id, ...decision });
      if (decision.result === 'CONDITIONAL' && item.resourceRef) {
        const list = toApply.get(decision.pluginId) ?? [];
        list.push({ index: answers.length - 1, item, decision });
        toApply.set(decision.pluginId, list);
      }
    }
    for (const [pluginId, list] of toApply) {
      const results = await this.#applyConditions(pluginId, list);
      for (const { index, item } of list) {
        answers[index] = { id: item.id, result: results.get(item.id) ?? 'DENY' };
      }
    }
    return answers;
  }

  /** A policy result as sent: conditional answers get their plugin and resource type; basic ones cannot be conditional. */
  async #complete(
    permission: Permission,
    result: PolicyResult,
    owners: Map<string, Promise<string | undefined>>,
  ): Promise<QueryPermissionResponse> {
    if (result.result !== 'CONDITIONAL') return { result: result.result };
    if (permission.type !== 'resource') {
      this.#options.logger.warn(
        `The policy answered CONDITIONAL for basic permission '${permission.name}'; treating it as DENY`,
      );
      return { result: 'DENY' };
    }
    const resourceType = result.resourceType ?? permission.resourceType;
    const ownerKey = `${resourceType}\n${permission.name}`;
    let owner = owners.get(ownerKey);
    if (!owner && !result.pluginId) {
      owner = this.#options.directory.resourceTypeOwner(resourceType, permission.name);
      owners.set(ownerKey, owner);
    }
    const pluginId = result.pluginId ?? (await owner);
    if (!pluginId) {
      this.#options.logger.warn(
        `No plugin registers resource type '${resourceType}' (permission '${permission.name}'); treating the conditional answer as DENY`,
      );
      return { result: 'DENY' };
    }
    // A policy naming a rule the plugin does not have (a typo in a role) denies, rather than
    // failing every request that plugin makes.
    const known = await this.#options.directory.ruleNames(pluginId, resourceType);
    const unknown = new Set<string>();
    evaluateCriteria(result.conditions, (condition) => {
      if (!known.has(condition.rule)) unknown.add(condition.rule);
      return true;
    });
    if (unknown.size > 0) {
      this.#options.logger.error(
        `The policy's conditions for '${permission.name}' use rules plugin '${pluginId}' does not offer for ` +
          `'${resourceType}': ${[...unknown].join(', ')} (it offers: ${[...known].join(', ') || 'none'}); treating it as DENY`,
      );
      return { result: 'DENY' };
    }
    return { result: 'CONDITIONAL', pluginId, resourceType, conditions: result.conditions };
  }

  async #checkDeclared(items: Item[]): Promise<void> {
    const problems: string[] = [];
    const seen = new Map<string, Permission>();
    for (const item of items) {
      const name = item.permission.name;
      if (seen.has(name)) continue;
      seen.set(name, item.permission);
      const declared = await this.#options.directory.lookup(name);
      if (!declared) {
        problems.push(`'${name}' is not declared by any plugin`);
      } else if (
        declared.permission.type !== item.permission.type ||
        (declared.permission.type === 'resource' &&
          item.permission.type === 'resource' &&
          declared.permission.resourceType !== item.permission.resourceType)
      ) {
        problems.push(`'${name}' does not match its declaration by plugin '${declared.pluginId}'`);
      }
      if (problems.length >= 10) break;
    }
    if (problems.length > 0) throw new InputError(`Unknown permissions: ${problems.join('; ')}`);
  }

  async #applyConditions(
    pluginId: string,
    list: { item: Item; decision: QueryPermissionResponse }[],
  ): Promise<Map<string, 'ALLOW' | 'DENY'>> {
    const { tokens, discovery, logger } = this.#options;
    const token = await tokens.forPlugin(pluginId);
    const url = `${await discovery.getBaseUrl(pluginId)}${APPLY_CONDITIONS_PATH}`;
    const items = list.flatMap(({ item, decision }) =>
      decision.result === 'CONDITIONAL' && item.resourceRef
        ? [
            {
              id: item.id,
              resourceRef: item.resourceRef,
              resourceType: decision.resourceType,
              conditions: decision.conditions,
            },
          ]
        : [],
    );
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      });
    } catch (error) {
      logger.warn(`Cannot apply permission conditions at ${url}`, { error: String(error) });
      throw new ServiceUnavailableError(`Cannot check conditions with plugin '${pluginId}'`);
    }
    const parsed = applyConditionsResponseSchema.safeParse(await response.json().catch(() => undefined));
    if (!response.ok || !parsed.success) {
      logger.warn(`Applying permission conditions at ${url} failed with status ${response.status}`);
      throw new ServiceUnavailableError(`Cannot check conditions with plugin '${pluginId}'`);
    }
    return new Map(parsed.data.items.map((entry) => [entry.id, entry.result]));
  }
}
