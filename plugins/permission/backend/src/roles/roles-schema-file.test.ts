import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { permissionConfigSchema } from '../config.js';
import { rolesFileJsonSchema } from './roles-schema.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../roles.schema.json', import.meta.url));

describe('roles.schema.json', () => {
  it('is the JSON Schema derived from the roles file schema (run with UPDATE_SCHEMAS=1 to regenerate)', async () => {
    const expected = rolesFileJsonSchema();
    if (process.env.UPDATE_SCHEMAS === '1')
      await writeFile(SCHEMA_FILE, `${JSON.stringify(expected, null, 2)}\n`);
    // Compared as JSON: the committed file is formatted by Biome.
    expect(JSON.parse(await readFile(SCHEMA_FILE, 'utf8'))).toEqual(expected);
  });

  it('comes with a plugin config schema that converts to JSON Schema too (for app-config.schema.json)', () => {
    const schema = z.toJSONSchema(permissionConfigSchema, { io: 'input', unrepresentable: 'any' });
    expect(JSON.stringify(schema)).toContain('"enabled"');
    expect(JSON.stringify(schema)).toContain('"members"');
  });
});
