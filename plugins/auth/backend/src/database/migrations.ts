import type { Migration } from '@greenroom/backend-plugin-api';

/**
 * The auth plugin's schema. Times are epoch milliseconds in `bigint` columns; JSON is
 * stored as text on both engines.
 *
 * @example
 * await database.migrate(authMigrations());
 */
export function authMigrations(): Record<string, Migration> {
  return {
    '20261124_001_auth': {
      async up(db) {
        await db.schema
          .createTable('auth_signing_keys')
          .addColumn('kid', 'text', (col) => col.primaryKey())
          .addColumn('jwk', 'text', (col) => col.notNull())
          .addColumn('expires_at', 'bigint', (col) => col.notNull())
          .execute();
        await db.schema
          .createTable('auth_pending_flows')
          .addColumn('state_hash', 'text', (col) => col.primaryKey())
          .addColumn('data', 'text', (col) => col.notNull())
          .addColumn('expires_at', 'bigint', (col) => col.notNull())
          .execute();
        await db.schema
          .createTable('auth_sessions')
          .addColumn('token_hash', 'text', (col) => col.primaryKey())
          .addColumn('family_id', 'text', (col) => col.notNull())
          .addColumn('provider_id', 'text', (col) => col.notNull())
          .addColumn('environment', 'text', (col) => col.notNull())
          .addColumn('user_entity_ref', 'text', (col) => col.notNull())
          .addColumn('scope', 'text', (col) => col.notNull())
          .addColumn('profile', 'text', (col) => col.notNull())
          .addColumn('provider_tokens', 'text')
          .addColumn('created_at', 'bigint', (col) => col.notNull())
          .addColumn('expires_at', 'bigint', (col) => col.notNull())
          .addColumn('rotated_at', 'bigint')
          .addColumn('revoked_at', 'bigint')
          .execute();
        await db.schema
          .createIndex('auth_sessions_family_idx')
          .on('auth_sessions')
          .column('family_id')
          .execute();
        await db.schema
          .createIndex('auth_sessions_expires_at_idx')
          .on('auth_sessions')
          .column('expires_at')
          .execute();
        await db.schema
          .createTable('auth_user_info')
          .addColumn('user_entity_ref', 'text', (col) => col.primaryKey())
          .addColumn('ownership', 'text', (col) => col.notNull())
          .addColumn('updated_at', 'bigint', (col) => col.notNull())
          .execute();
      },
    },
  };
}
