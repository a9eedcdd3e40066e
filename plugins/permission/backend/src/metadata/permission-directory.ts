import type { AuthService, DiscoveryService, Logger } from '@greenroom/backend-plugin-api';
import { ServiceUnavailableError } from '@greenroom/errors';
import {
  PERMISSION_METADATA_PATH,
  type Permission,
  type PermissionMetadata,
  permissionMetadataSchema,
} from '@greenroom/plugin-permission-common';
import { ServiceTokens } from './service-tokens.js';

/** Options of {@link PermissionDirectory}. */
export interface PermissionDirectoryOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  logger: Logger;
  /** Shared service tokens (default: its own). */
  tokens?: ServiceTokens;
  /** Plugins asked besides those named by a permission's prefix (`permission.pluginIds`). */
  extraPluginIds?: readonly string[];
  /** How long fetched metadata is reused. Default 60 s. */
  ttlMs?: number;
  /** How soon a plugin is asked again after a name it did not declare. Default 5 s. */
  missRetryMs?: number;
  now?: () => number;
}

const MAX_CACHED_PLUGINS = 500;

interface Entry {
  fetchedAt: number;
  metadata: PermissionMetadata | undefined;
  pending?: Promise<void>;
}

/** A declared permission and the plugin that declared it. */
export interface DeclaredPermission {
  permission: Permission;
  pluginId: string;
}

/**
 * Which permissions exist and which plugin owns each resource type, read from each
 * plugin's `/.well-known/greenroom/permissions/metadata` and cached. A permission
 * `catalog.entity.read` is looked up in plugin `catalog` (the name's first segment)
 * and in `extraPluginIds`. Stateless across instances: every instance asks the
 * plugins themselves, so nothing needs publishing or coordinating.
 *
 * @example
 * const declared = await directory.lookup('catalog.entity.read');
 * const owner = await directory.resourceTypeOwner('catalog-entity');
 */
export class PermissionDirectory {
  readonly #options: PermissionDirectoryOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #tokens: ServiceTokens;

  constructor(options: PermissionDirectoryOptions) {
    this.#options = options;
    this.#tokens = options.tokens ?? new ServiceTokens(options.auth);
  }

  /** The declared permission with this name, or `undefined` when no plugin declares it. */
  async lookup(name: string): Promise<DeclaredPermission | undefined> {
    for (const pluginId of this.#candidates(name)) {
      const found = await this.#find(pluginId, (m) => m.permissions.find((p) => p.name === name));
      if (found) return { permission: found.value, pluginId };
    }
    return undefined;
  }

  /** The plugin that registered `resourceType`, looked up among the candidates of `permissionName`. */
  async resourceTypeOwner(resourceType: string, permissionName: string): Promise<string | undefined> {
    for (const pluginId of this.#candidates(permissionName)) {
      const found = await this.#find(pluginId, (m) =>
        m.resourceTypes.includes(resourceType) ? true : undefined,
      );
      if (found) return pluginId;
    }
    return undefined;
  }

  /** The names of the rules `pluginId` offers for `resourceType` (empty when it offers none). */
  async ruleNames(pluginId: string, resourceType: string): Promise<Set<string>> {
    const entry = await this.#fresh(pluginId);
    const rules = entry.metadata?.rules.filter((rule) => rule.resourceType === resourceType) ?? [];
    return new Set(rules.map((rule) => rule.name));
  }

  #candidates(name: string): string[] {
    const prefix = name.split('.')[0] ?? '';
    const ids = /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(prefix) ? [prefix] : [];
    for (const id of this.#options.extraPluginIds ?? []) if (!ids.includes(id)) ids.push(id);
    return ids;
  }

  async #find<T>(
    pluginId: string,
    pick: (metadata: PermissionMetadata) => T | undefined,
  ): Promise<{ value: T } | undefined> {
    const now = this.#options.now ?? Date.now;
    let entry = await this.#fresh(pluginId);
    let value = entry.metadata && pick(entry.metadata);
    if (value === undefined && now() - entry.fetchedAt >= (this.#options.missRetryMs ?? 5_000)) {
      // A plugin may have been deployed with new permissions since we asked.
      entry = await this.#refetch(pluginId);
      value = entry.metadata && pick(entry.metadata);
    }
    return value === undefined ? undefined : { value };
  }

  async #fresh(pluginId: string): Promise<Entry> {
    const now = this.#options.now ?? Date.now;
    const entry = this.#entries.get(pluginId);
    if (entry && now() - entry.fetchedAt < (this.#options.ttlMs ?? 60_000)) return entry;
    return this.#refetch(pluginId);
  }

  async #refetch(pluginId: string): Promise<Entry> {
    const existing = this.#entries.get(pluginId);
    if (existing?.pending) {
      await existing.pending;
      return this.#entries.get(pluginId) as Entry;
    }
    // Names come from callers: keep the cache bounded whatever prefixes they invent.
    if (this.#entries.size >= MAX_CACHED_PLUGINS) {
      for (const [id, entry] of this.#entries) if (!entry.pending) this.#entries.delete(id);
    }
    const pending = this.#fetch(pluginId).then((metadata) => {
      this.#entries.set(pluginId, { fetchedAt: (this.#options.now ?? Date.now)(), metadata });
    });
    this.#entries.set(pluginId, {
      fetchedAt: existing?.fetchedAt ?? 0,
      metadata: existing?.metadata,
      pending,
    });
    try {
      await pending;
    } catch (error) {
      if (existing) this.#entries.set(pluginId, existing);
      else this.#entries.delete(pluginId);
      throw error;
    }
    return this.#entries.get(pluginId) as Entry;
  }

  async #fetch(pluginId: string): Promise<PermissionMetadata | undefined> {
    const { discovery, logger } = this.#options;
    const token = await this.#tokens.forPlugin(pluginId);
    const baseUrl = await discovery.getBaseUrl(pluginId).catch(() => undefined);
    if (!baseUrl) return undefined;
    const url = `${baseUrl}${PERMISSION_METADATA_PATH}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      logger.warn(`Cannot read permission metadata from ${url}`, { error: String(error) });
      throw new ServiceUnavailableError(`Cannot read the permissions of plugin '${pluginId}'`);
    }
    // 404: no such plugin here, or one that declares no permissions.
    if (response.status === 404) return undefined;
    const parsed = permissionMetadataSchema.safeParse(await response.json().catch(() => undefined));
    if (!response.ok || !parsed.success) {
      logger.warn(`Unexpected permission metadata from ${url} (status ${response.status})`);
      throw new ServiceUnavailableError(`Cannot read the permissions of plugin '${pluginId}'`);
    }
    return parsed.data;
  }
}
