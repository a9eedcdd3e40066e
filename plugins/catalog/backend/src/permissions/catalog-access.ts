import type {
  Credentials,
  FastifyRequest,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
  Principal,
} from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import { NotAllowedError } from '@greenroom/errors';
import { CATALOG_ENTITY_RESOURCE_TYPE, catalogEntityReadPermission } from '@greenroom/plugin-catalog-common';
import type { BasicPermission, ResourcePermission } from '@greenroom/plugin-permission-common';
import { type EntityFilter, MATCH_NONE } from '../api/query/entity-filter.js';
import { criteriaToFilter } from './criteria-filter.js';

/** How long a caller's read decision is reused; policy changes reach reads within this time. */
export const READ_DECISION_TTL_MS = 2_000;
const MAX_CACHED_CALLERS = 10_000;

/** What the routes need from {@link CatalogAccess}. */
export type CatalogAccessPort = Pick<CatalogAccess, 'readRestriction' | 'requireBasic' | 'requireForEntity'>;

/**
 * The catalog's side of permission checks, for its routes. Reads get a restriction
 * filter that the store ANDs into every query (lists, counts, facets, paging,
 * by-refs), so entities the caller may not read never leave the database; actions on
 * one entity apply the same conditions in memory.
 *
 * @example
 * const restriction = await access.readRestriction(request);
 * const page = await reader.queryEntities(query, { restriction });
 */
export class CatalogAccess {
  readonly #httpAuth: HttpAuthService;
  readonly #permissions: PermissionsService;
  readonly #registry: PermissionsRegistryService;
  // Reads are the hot path (a by-name lookup is well under a millisecond); asking the
  // policy for every one would cost more than the read itself.
  readonly #readDecisions = new Map<string, { at: number; restriction: Promise<EntityFilter | undefined> }>();

  constructor(options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    registry: PermissionsRegistryService;
  }) {
    this.#httpAuth = options.httpAuth;
    this.#permissions = options.permissions;
    this.#registry = options.registry;
  }

  /** `undefined` when the caller may read every entity, else the filter of what they may read. */
  async readRestriction(request: FastifyRequest): Promise<EntityFilter | undefined> {
    const credentials = await this.#httpAuth.credentials(request);
    const key = callerKey(credentials.principal);
    const now = Date.now();
    const cached = this.#readDecisions.get(key);
    if (cached && now - cached.at < READ_DECISION_TTL_MS) return cached.restriction;
    const restriction = this.#restriction(credentials, catalogEntityReadPermission);
    if (this.#readDecisions.size >= MAX_CACHED_CALLERS) this.#readDecisions.clear();
    this.#readDecisions.set(key, { at: now, restriction });
    // A failed decision is not remembered.
    restriction.catch(() => this.#readDecisions.delete(key));
    return restriction;
  }

  /** Throws `NotAllowedError` (403) unless the caller has the basic permission. */
  async requireBasic(request: FastifyRequest, permission: BasicPermission): Promise<void> {
    const credentials = await this.#httpAuth.credentials(request);
    const [decision] = await this.#permissions.authorize([{ permission }], { credentials });
    if (decision?.result !== 'ALLOW') throw notAllowed(permission.name);
  }

  /** Throws `NotAllowedError` (403) unless the caller has the permission on this entity. */
  async requireForEntity(
    request: FastifyRequest,
    permission: ResourcePermission,
    entity: Entity,
  ): Promise<void> {
    const credentials = await this.#httpAuth.credentials(request);
    const [decision] = await this.#permissions.authorizeConditional([{ permission }], { credentials });
    const allowed =
      decision?.result === 'ALLOW' ||
      (decision?.result === 'CONDITIONAL' &&
        this.#registry.applyConditions(CATALOG_ENTITY_RESOURCE_TYPE, entity, decision.conditions));
    if (!allowed) throw notAllowed(permission.name);
  }

  async #restriction(
    credentials: Credentials,
    permission: ResourcePermission,
  ): Promise<EntityFilter | undefined> {
    const [decision] = await this.#permissions.authorizeConditional([{ permission }], { credentials });
    if (!decision) return MATCH_NONE;
    if (decision.result !== 'CONDITIONAL') return decision.result === 'ALLOW' ? undefined : MATCH_NONE;
    return criteriaToFilter(
      this.#registry.toQuery<EntityFilter>(CATALOG_ENTITY_RESOURCE_TYPE, decision.conditions),
    );
  }
}

function callerKey(principal: Principal): string {
  if (principal.type === 'user') return `user:${principal.userEntityRef}:${principal.actor?.subject ?? ''}`;
  if (principal.type === 'service') return `service:${principal.subject}`;
  return 'none';
}

function notAllowed(permission: string): NotAllowedError {
  return new NotAllowedError(`You are not allowed to do this (permission ${permission})`);
}
