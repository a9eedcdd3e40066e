import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { databaseConfigSchema } from './database-config.js';

describe('databaseConfigSchema', () => {
  it('fills in the defaults of an empty block', () => {
    expect(databaseConfigSchema.parse({})).toEqual({
      client: 'better-sqlite3',
      prefix: 'greenroom_',
      pluginDivisionMode: 'database',
      ensureExists: true,
      skipMigrations: false,
      pool: { max: 10, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 60_000 },
      connectRetries: { attempts: 5, initialDelayMillis: 1000, maxDelayMillis: 4000 },
      plugin: {},
    });
  });

  it('rejects schema mode with SQLite', () => {
    const result = databaseConfigSchema.safeParse({ pluginDivisionMode: 'schema' });
    expect(result.error?.issues[0]).toMatchObject({
      path: ['pluginDivisionMode'],
      message: "pluginDivisionMode 'schema' needs client 'pg'; SQLite always uses one file per plugin",
    });
  });

  it('rejects unknown keys and plugin ids that are not plugin ids', () => {
    expect(databaseConfigSchema.safeParse({ knexConfig: {} }).success).toBe(false);
    expect(databaseConfigSchema.safeParse({ plugin: { Catalog: {} } }).success).toBe(false);
  });

  it('describes every key and marks the password secret in its JSON Schema', () => {
    const schema = z.toJSONSchema(databaseConfigSchema, { io: 'input' }) as any;
    const undescribed: string[] = [];
    const visit = (node: any, path: string) => {
      for (const [key, property] of Object.entries<any>(node.properties ?? {})) {
        if (!property.description) undescribed.push(`${path}.${key}`);
        for (const variant of property.anyOf ?? [property]) visit(variant, `${path}.${key}`);
      }
      if (typeof node.additionalProperties === 'object')
        visit(node.additionalProperties, `${path}.<pluginId>`);
    };
    visit(schema, 'backend.database');
    expect(undescribed).toEqual([]);
    const connectionObject = schema.properties.connection.anyOf.find((s: any) => s.type === 'object');
    expect(connectionObject.properties.password.visibility).toBe('secret');
  });
});
