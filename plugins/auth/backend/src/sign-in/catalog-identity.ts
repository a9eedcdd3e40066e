import type { AuthService, DiscoveryService } from '@greenroom/backend-plugin-api';
import { BadGatewayError, NotFoundError } from '@greenroom/errors';
import type { SignInResult } from '../providers/types.js';

interface CatalogEntity {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  relations?: Array<{ type?: string; targetRef?: string }>;
}

/** Parent groups are followed at most this deep, and at most this many groups are owned. */
const MAX_GROUP_DEPTH = 20;
const MAX_OWNERSHIP_REFS = 2000;

/**
 * Finds users and their groups in the catalog through its REST API, with a plugin
 * token of the auth plugin. Ownership is the user's own ref plus the targets of its
 * `memberOf` relations, plus (when `includeParentGroups`) the groups above those,
 * walking `childOf`.
 *
 * @example
 * const identity = new CatalogIdentity({ discovery, auth, includeParentGroups: false });
 * const { userEntityRef, ownershipEntityRefs } = await identity.signInWithCatalogUser({
 *   filter: { 'spec.profile.email': 'jane@example.com' },
 * });
 */
export class CatalogIdentity {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;
  readonly #includeParentGroups: boolean;

  constructor(options: { discovery: DiscoveryService; auth: AuthService; includeParentGroups: boolean }) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
    this.#includeParentGroups = options.includeParentGroups;
  }

  /** The one User entity matching the filter, with its ownership; `NotFoundError` otherwise. */
  async signInWithCatalogUser(query: { filter: Record<string, string> }): Promise<SignInResult> {
    const filter = { kind: 'user', ...query.filter };
    const body = await this.#request<{ items: CatalogEntity[] }>('/entities/by-query', {
      method: 'POST',
      body: JSON.stringify({ query: filter, limit: 2, fields: ['kind', 'metadata', 'relations'] }),
    });
    const described = Object.entries(filter)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ');
    const users = (body?.items ?? []).filter((entity) => entity.kind?.toLowerCase() === 'user');
    if (users.length === 0) throw new NotFoundError(`no User entity in the catalog matches ${described}`);
    if (users.length > 1) {
      throw new NotFoundError(
        `more than one User entity in the catalog matches ${described}; it must be exactly one`,
      );
    }
    return this.#ownershipOf(users[0]!);
  }

  /** The user with this ref and its ownership, or `undefined` when the catalog has no such user. */
  async findUser(userEntityRef: string): Promise<SignInResult | undefined> {
    const { namespace, name } = parseUserRef(userEntityRef);
    const entity = await this.#request<CatalogEntity>(
      `/entities/by-name/user/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
      { method: 'GET' },
    );
    return entity ? this.#ownershipOf(entity) : undefined;
  }

  async #ownershipOf(user: CatalogEntity): Promise<SignInResult> {
    const userEntityRef = refOf(user);
    const owned = new Set<string>([userEntityRef]);
    let groups = targetsOf(user, 'memberof');
    for (const group of groups) owned.add(group);
    for (let depth = 0; this.#includeParentGroups && groups.length > 0 && depth < MAX_GROUP_DEPTH; depth++) {
      const body = await this.#request<{ items: Array<CatalogEntity | null> }>('/entities/by-refs', {
        method: 'POST',
        body: JSON.stringify({ entityRefs: groups, fields: ['kind', 'metadata', 'relations'] }),
      });
      const parents = (body?.items ?? []).flatMap((group) => (group ? targetsOf(group, 'childof') : []));
      groups = parents.filter((ref) => !owned.has(ref)).slice(0, MAX_OWNERSHIP_REFS - owned.size);
      for (const group of groups) owned.add(group);
    }
    return { userEntityRef, ownershipEntityRefs: [...owned] };
  }

  async #request<T>(path: string, init: { method: string; body?: string }): Promise<T | undefined> {
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: await this.#auth.getOwnServiceCredentials(),
      targetPluginId: 'catalog',
    });
    const url = `${await this.#discovery.getBaseUrl('catalog')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: init.method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
    } catch (error) {
      throw new BadGatewayError(`Could not reach the catalog at ${url} to look up the user`, error);
    }
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new BadGatewayError(
        `The catalog answered ${response.status} to ${init.method} ${path} during sign-in`,
      );
    }
    return (await response.json()) as T;
  }
}

/**
 * Parses `user:namespace/name` (or `namespace/name`, `name`) into its parts.
 *
 * @example
 * parseUserRef('user:development/guest'); // { namespace: 'development', name: 'guest' }
 */
export function parseUserRef(ref: string): { namespace: string; name: string } {
  const match = /^(?:user:)?(?:([^:/]+)\/)?([^:/]+)$/i.exec(ref);
  if (!match) throw new NotFoundError(`'${ref}' is not a user entity ref like user:default/jane`);
  return { namespace: (match[1] ?? 'default').toLowerCase(), name: match[2]!.toLowerCase() };
}

/**
 * The canonical ref of a user: `user:<namespace>/<name>`, lowercase.
 *
 * @example
 * userRef('Jane'); // 'user:default/jane'
 */
export function userRef(ref: string): string {
  const { namespace, name } = parseUserRef(ref);
  return `user:${namespace}/${name}`;
}

function refOf(entity: CatalogEntity): string {
  const kind = (entity.kind ?? 'user').toLowerCase();
  return `${kind}:${(entity.metadata?.namespace ?? 'default').toLowerCase()}/${(entity.metadata?.name ?? '').toLowerCase()}`;
}

function targetsOf(entity: CatalogEntity, type: string): string[] {
  return (entity.relations ?? [])
    .filter((relation) => relation.type?.toLowerCase() === type && typeof relation.targetRef === 'string')
    .map((relation) => relation.targetRef!.toLowerCase());
}
