import type pg from 'pg';

/** The `pg` driver module, as `import pg from 'pg'` gives it. */
export type PgModule = typeof pg;

let loading: Promise<PgModule> | undefined;
let loaded: PgModule | undefined;

/**
 * Loads the PostgreSQL driver on first use and caches it. `pg` weighs several MB of
 * memory, and a backend on SQLite never needs it, so nothing imports it at startup.
 *
 * @example
 * const pg = await loadPg();
 * const client = new pg.Client({ host: 'localhost' });
 */
export function loadPg(): Promise<PgModule> {
  loading ??= import('pg').then(
    (module) => {
      loaded = module.default;
      return loaded;
    },
    (error: unknown) => {
      throw new Error(
        `Could not load the PostgreSQL driver 'pg', needed for backend.database.client 'pg': ${(error as Error).message}. Reinstall the backend's dependencies`,
        { cause: error },
      );
    },
  );
  return loading;
}

/**
 * The driver if {@link loadPg} has loaded it, else `undefined`. Enough for
 * `instanceof pg.DatabaseError`: before the driver is loaded no such error can exist.
 *
 * @example
 * const pg = loadedPg();
 * if (pg && error instanceof pg.DatabaseError) console.log(error.code);
 */
export function loadedPg(): PgModule | undefined {
  return loaded;
}
