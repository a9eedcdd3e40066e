import { PLUGIN_ID_PATTERN } from '@greenroom/backend-plugin-api';
import { z } from 'zod';

const clientSchema = z
  .enum(['better-sqlite3', 'sqlite3', 'pg'])
  .describe(
    "Database driver: 'better-sqlite3' (SQLite; 'sqlite3' is accepted as an alias) or 'pg' (PostgreSQL).",
  );

const sslSchema = z
  .union([
    z.boolean(),
    z
      .object({
        rejectUnauthorized: z
          .boolean()
          .optional()
          .describe('Reject servers whose certificate is not trusted.'),
        ca: z.string().optional().describe('PEM text of the certificate authority to trust.'),
        cert: z.string().optional().describe('PEM text of the client certificate.'),
        key: z
          .string()
          .optional()
          .describe('PEM text of the client private key.')
          .meta({ visibility: 'secret' }),
      })
      .strict(),
  ])
  .describe('TLS for PostgreSQL: true, or the TLS options.');

const connectionObjectSchema = z
  .object({
    directory: z
      .string()
      .min(1)
      .optional()
      .describe('SQLite only: the folder holding one file per plugin, `<prefix><pluginId>.sqlite`.'),
    host: z.string().min(1).optional().describe('PostgreSQL host name or address.'),
    port: z.coerce.number().int().min(1).max(65535).optional().describe('PostgreSQL port (default 5432).'),
    user: z.string().min(1).optional().describe('PostgreSQL user name.'),
    password: z.string().optional().describe('PostgreSQL password.').meta({ visibility: 'secret' }),
    database: z
      .string()
      .min(1)
      .max(63)
      .optional()
      .describe(
        "PostgreSQL database. Base level: the shared database in 'schema' mode, the maintenance database used to create plugin databases in 'database' mode (default 'postgres'). Under plugin.<pluginId>: pins that plugin's database name.",
      ),
    ssl: sslSchema.optional(),
    application_name: z
      .string()
      .max(63)
      .optional()
      .describe('PostgreSQL application_name shown in pg_stat_activity (default greenroom_<pluginId>).'),
  })
  .strict();

const connectionSchema = z
  .union([z.string().min(1).meta({ visibility: 'secret' }), connectionObjectSchema])
  .describe(
    "SQLite: ':memory:' or { directory }. PostgreSQL: a connection string (postgres://user:pass@host:5432/db) or { host, port, user, password, database, ssl }.",
  );

const prefixSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and underscores, starting with a letter or _')
  .max(40)
  .describe(
    "Name prefix of every plugin's database (database mode), schema (schema mode) or SQLite file, so that several environments can share one server, e.g. 'greenroom_uat_'.",
  );

const pluginOverrideSchema = z
  .object({
    client: clientSchema.optional(),
    connection: connectionSchema
      .optional()
      .describe(
        "This plugin's connection. An object is merged over the base connection unless the client differs; `database` pins the plugin's database name.",
      ),
    prefix: prefixSchema.optional(),
    ensureExists: z.boolean().optional().describe("Create this plugin's database or schema when missing."),
    skipMigrations: z.boolean().optional().describe("Skip this plugin's migrations."),
  })
  .strict()
  .describe('Overrides for one plugin, keyed by plugin id.');

/**
 * The zod schema of `backend.database`.
 *
 * @example
 * const db = config.read('backend.database', databaseConfigSchema);
 * // backend.database: { client: pg, connection: postgres://…, pluginDivisionMode: schema }
 */
export const databaseConfigSchema = z
  .object({
    client: clientSchema.default('better-sqlite3'),
    connection: connectionSchema.optional(),
    prefix: prefixSchema.default('greenroom_'),
    pluginDivisionMode: z
      .enum(['database', 'schema'])
      .default('database')
      .describe(
        "PostgreSQL: 'database' gives each plugin its own database; 'schema' gives each plugin a schema in one shared database (connection.database).",
      ),
    ensureExists: z
      .boolean()
      .default(true)
      .describe('Create missing plugin databases (needs CREATEDB) or schemas at startup.'),
    skipMigrations: z.boolean().default(false).describe('Do not run plugin migrations at startup.'),
    pool: z
      .object({
        max: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(10)
          .describe(
            'Most PostgreSQL connections open at once per server, shared by all plugins (not per plugin).',
          ),
        idleTimeoutMillis: z
          .number()
          .int()
          .min(0)
          .default(10_000)
          .describe('Close a connection after it was idle this long (0 = never).'),
        connectionTimeoutMillis: z
          .number()
          .int()
          .min(1)
          .default(60_000)
          .describe(
            'Fail a query that waited this long for a free connection (opening one connection is capped at 10 s).',
          ),
      })
      .strict()
      .default({ max: 10, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 60_000 })
      .describe('The one PostgreSQL connection pool per server.'),
    connectRetries: z
      .object({
        attempts: z
          .number()
          .int()
          .min(1)
          .max(100)
          .default(5)
          .describe('Connection attempts before giving up.'),
        initialDelayMillis: z
          .number()
          .int()
          .min(0)
          .default(1000)
          .describe('Wait before the second attempt; doubles after each failed attempt.'),
        maxDelayMillis: z.number().int().min(0).default(4000).describe('Longest wait between two attempts.'),
      })
      .strict()
      .default({ attempts: 5, initialDelayMillis: 1000, maxDelayMillis: 4000 })
      .describe('Retries with exponential backoff while the database is unreachable at startup.'),
    plugin: z
      .record(z.string().regex(PLUGIN_ID_PATTERN), pluginOverrideSchema)
      .default({})
      .describe(
        'Per-plugin overrides, keyed by plugin id: plugin.<pluginId>.{ client, connection, prefix, … }.',
      ),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.pluginDivisionMode === 'schema' && config.client !== 'pg') {
      ctx.addIssue({
        code: 'custom',
        path: ['pluginDivisionMode'],
        message: "pluginDivisionMode 'schema' needs client 'pg'; SQLite always uses one file per plugin",
      });
    }
  })
  .describe('The databases of the backend plugins.');

/** `backend.database` after parsing, defaults applied. */
export type DatabaseConfig = z.output<typeof databaseConfigSchema>;
/** A connection as written in config. */
export type ConnectionConfig = z.output<typeof connectionSchema>;
