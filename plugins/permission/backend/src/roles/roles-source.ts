import type { Role } from './roles-schema.js';

/**
 * Where the roles policy gets its roles: config, a watched file, or the permission
 * plugin's database (the only one the admin API can edit).
 */
export interface RolesSource {
  readonly kind: 'config' | 'file' | 'database';
  /** For messages: `config (permission.policy.roles)`, a file path, `database`. */
  readonly description: string;
  /** The roles in effect now (a new array after every change). */
  current(): readonly Role[];
}

/**
 * Roles written inline in `permission.policy.roles`; fixed until restart.
 *
 * @example
 * const source = new ConfigRolesSource(config.policy.roles);
 */
export class ConfigRolesSource implements RolesSource {
  readonly kind = 'config';
  readonly description = 'config (permission.policy.roles)';
  readonly #roles: readonly Role[];

  constructor(roles: readonly Role[]) {
    this.#roles = Object.freeze([...roles]);
  }

  current(): readonly Role[] {
    return this.#roles;
  }
}
