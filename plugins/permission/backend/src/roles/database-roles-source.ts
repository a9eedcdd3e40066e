import type { DatabaseService, Kysely, Logger } from '@greenroom/backend-plugin-api';
import { ConflictError, NotFoundError } from '@greenroom/errors';
import { type Role, roleSchema } from './roles-schema.js';
import type { RolesSource } from './roles-source.js';

/** The table holding roles edited through the admin API. */
export const ROLES_TABLE = 'permission_roles';

interface RolesTables {
  permission_roles: { name: string; definition: string; updated_at: string };
}

/** The permission plugin's migrations. */
export const permissionMigrations = {
  '20261124_01_roles': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable(ROLES_TABLE)
        .addColumn('name', 'varchar(100)', (col) => col.primaryKey())
        .addColumn('definition', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'varchar(40)', (col) => col.notNull())
        .execute();
    },
  },
};

/** Options of {@link DatabaseRolesSource.create}. */
export interface DatabaseRolesSourceOptions {
  database: DatabaseService;
  logger: Logger;
  /** How often other instances' edits are picked up. Default 5 s. */
  refreshIntervalMs?: number;
}

/**
 * Roles stored in the permission plugin's database and edited through the admin API.
 * Edits apply at once on the instance that made them; other instances re-read the
 * table every `refreshIntervalMs`.
 *
 * @example
 * const source = await DatabaseRolesSource.create({ database, logger });
 * await source.create(role);
 */
export class DatabaseRolesSource implements RolesSource {
  readonly kind = 'database';
  readonly description = 'database';
  readonly #db: Kysely<RolesTables>;
  readonly #logger: Logger;
  #roles: readonly Role[] = Object.freeze([]);
  #timer: NodeJS.Timeout | undefined;

  /** Migrates, reads the roles and starts the periodic refresh. */
  static async create(options: DatabaseRolesSourceOptions): Promise<DatabaseRolesSource> {
    await options.database.migrate(permissionMigrations);
    const source = new DatabaseRolesSource(await options.database.getClient<RolesTables>(), options.logger);
    await source.refresh();
    source.#timer = setInterval(() => {
      source.refresh().catch((error) => options.logger.warn('Could not re-read permission roles', error));
    }, options.refreshIntervalMs ?? 5_000);
    source.#timer.unref();
    return source;
  }

  private constructor(db: Kysely<RolesTables>, logger: Logger) {
    this.#db = db;
    this.#logger = logger;
  }

  current(): readonly Role[] {
    return this.#roles;
  }

  /** Stops the periodic refresh. */
  close(): void {
    clearInterval(this.#timer);
  }

  /** Re-reads every role from the table. */
  async refresh(): Promise<void> {
    const rows = await this.#db
      .selectFrom(ROLES_TABLE)
      .select(['name', 'definition'])
      .orderBy('name')
      .execute();
    const roles: Role[] = [];
    for (const row of rows) {
      const parsed = roleSchema.safeParse(JSON.parse(row.definition));
      if (parsed.success) roles.push(parsed.data);
      else this.#logger.error(`Ignoring stored permission role '${row.name}': it no longer validates`);
    }
    this.#roles = Object.freeze(roles);
  }

  /** Adds a role; `ConflictError` when the name is taken. */
  async create(role: Role): Promise<void> {
    const result = await this.#db
      .insertInto(ROLES_TABLE)
      .values({ name: role.name, definition: JSON.stringify(role), updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
      throw new ConflictError(`Role '${role.name}' already exists; use PUT /roles/${role.name} to change it`);
    }
    await this.refresh();
  }

  /** Replaces role `name` (the body may rename it); `NotFoundError` when missing. */
  async replace(name: string, role: Role): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom(ROLES_TABLE).where('name', '=', name).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw new NotFoundError(`No role named '${name}'`);
      const taken = await trx
        .selectFrom(ROLES_TABLE)
        .select('name')
        .where('name', '=', role.name)
        .executeTakeFirst();
      if (taken)
        throw new ConflictError(`Cannot rename role '${name}' to '${role.name}': that name is taken`);
      await trx
        .insertInto(ROLES_TABLE)
        .values({ name: role.name, definition: JSON.stringify(role), updated_at: new Date().toISOString() })
        .execute();
    });
    await this.refresh();
  }

  /** Removes role `name`; `NotFoundError` when missing. */
  async delete(name: string): Promise<void> {
    const result = await this.#db.deleteFrom(ROLES_TABLE).where('name', '=', name).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new NotFoundError(`No role named '${name}'`);
    await this.refresh();
  }
}
