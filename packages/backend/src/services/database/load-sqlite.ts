import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/** The better-sqlite3 `Database` constructor. */
export type SqliteDatabaseConstructor = typeof BetterSqlite3;

const require = createRequire(import.meta.url);
let loaded: SqliteDatabaseConstructor | undefined;

/**
 * The better-sqlite3 build that works on the running Node.js (decision 0003): 12.x
 * on Node 20, where 13.x crashes; 13.x from Node 22 on, because 12.x aborts the
 * process on Node 24.19+ when a statement is garbage-collected. Both are installed
 * (13.x ships prebuilt binaries, so it costs no build).
 *
 * @example
 * const Database = loadSqlite();
 * const db = new Database(':memory:');
 */
export function loadSqlite(): SqliteDatabaseConstructor {
  if (!loaded) {
    const major = Number(process.versions.node.split('.')[0]);
    loaded = require(major >= 22 ? 'better-sqlite3-node22' : 'better-sqlite3') as SqliteDatabaseConstructor;
  }
  return loaded;
}
