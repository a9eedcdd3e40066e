// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is app-config syntax, not a mistaken template
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatConfigIssues } from '../issue.js';
import { compileConfigSchemas } from './compile-config-schemas.js';
import type { JsonSchema } from './json-schema.js';

const core = z.object({
  app: z
    .object({
      title: z.string().default('Greenroom').meta({ visibility: 'frontend' }).describe('The portal name'),
      baseUrl: z.string().meta({ visibility: 'frontend' }),
    })
    .optional(),
  backend: z.object({
    baseUrl: z.string().describe('External URL of the backend'),
    listen: z
      .union([z.string(), z.object({ host: z.string().optional(), port: z.number().int().optional() })])
      .optional(),
    database: z
      .object({
        client: z.enum(['better-sqlite3', 'pg']),
        connection: z
          .object({ password: z.string().meta({ visibility: 'secret' }), host: z.string().optional() })
          .optional(),
      })
      .optional(),
    extra: z.record(z.string(), z.unknown()).optional(),
  }),
});
const catalog = z.object({
  catalog: z
    .object({
      locations: z
        .array(z.object({ type: z.string(), target: z.string() }))
        .describe('Where entities come from'),
      providers: z.looseObject({}).optional(),
    })
    .optional(),
  backend: z.object({
    auth: z
      .object({ keys: z.array(z.object({ secret: z.string() })).meta({ visibility: 'secret' }) })
      .optional(),
  }),
});
const compiled = compileConfigSchemas([
  { source: 'core', schema: core },
  { source: 'catalog', schema: catalog },
]);
const props = (schema: unknown) => (schema as JsonSchema).properties as Record<string, JsonSchema>;

describe('jsonSchema', () => {
  it('is one draft-07 schema (what editors support fully) with a title', () => {
    expect(compiled.jsonSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(compiled.jsonSchema.title).toBe('Greenroom app-config');
  });

  it("merges the object properties of every source, so editors complete every feature's keys", () => {
    const root = compiled.jsonSchema;
    expect(root.allOf).toBeUndefined();
    expect(Object.keys(props(root))).toEqual(['app', 'backend', 'catalog']);
    expect(Object.keys(props(props(root).backend))).toEqual([
      'baseUrl',
      'listen',
      'database',
      'extra',
      'auth',
    ]);
    expect(props(props(root).backend).baseUrl).toEqual({
      type: 'string',
      description: 'External URL of the backend',
    });
    expect(props(props(root).catalog).locations!.description).toBe('Where entities come from');
    expect(root.required).toEqual(['backend']);
  });

  it('keeps keys with defaults optional', () => {
    expect(props(props(compiled.jsonSchema).app).title).toMatchObject({ default: 'Greenroom' });
    expect((props(compiled.jsonSchema).app as JsonSchema).required).toEqual(['baseUrl']);
  });

  it('keeps both declarations under allOf where two sources declare the same leaf differently', () => {
    const merged = compileConfigSchemas([
      { source: 'a', schema: z.object({ x: z.object({ y: z.string() }) }) },
      { source: 'b', schema: z.object({ x: z.object({ y: z.string().min(3) }) }) },
    ]);
    expect(props(props(merged.jsonSchema).x).y).toEqual({
      allOf: [{ type: 'string' }, { type: 'string', minLength: 3 }],
    });
  });

  it('keeps recursive schemas apart per source in definitions', () => {
    const node: z.ZodType = z.object({
      name: z.string(),
      get children() {
        return z.array(node).optional();
      },
    });
    const merged = compileConfigSchemas([
      { source: 'a', schema: z.object({ tree: node.optional() }) },
      { source: 'b', schema: z.object({ other: node.optional() }) },
    ]);
    expect(Object.keys(merged.jsonSchema.definitions as object).sort()).toEqual([
      'a.__schema0',
      'b.__schema0',
    ]);
    const { warnings } = merged.validate({ tree: { name: 'x', children: [{ name: 'y', oops: 1 }] } });
    expect(warnings.map((w) => w.key)).toEqual(['tree.children[0].oops']);
  });
});

describe('validate', () => {
  const locate = (key: string) =>
    ({
      'backend.listen.port': { file: 'app-config.yaml', line: 3, column: 11 },
      backend: { file: 'app-config.yaml', line: 1, column: 1 },
      'backend.baseURL': { file: 'app-config.local.yaml', line: 2, column: 12 },
    })[key];

  it('reports wrong types and missing required keys per source, with locations', () => {
    const { errors } = compiled.validate(
      { backend: { listen: { port: 'abc' }, baseURL: 'x', auth: { keys: [{}] } }, catalog: {} },
      locate,
    );
    expect(formatConfigIssues(errors).split('\n')).toEqual([
      'app-config.yaml:1:1 backend.baseUrl: Missing required value, expected string (from core)',
      'app-config.yaml:3:11 backend.listen.port: Expected number, received string (from core)',
      'catalog.locations: Missing required value, expected array (from catalog)',
      'app-config.yaml:1:1 backend.auth.keys[0].secret: Missing required value, expected string (from catalog)',
    ]);
  });

  it('accepts numbers given as strings, as ${VAR} substitution produces', () => {
    expect(compiled.validate({ backend: { baseUrl: 'x', listen: { port: '7007' } } }).errors).toEqual([]);
  });

  it('warns about keys no schema declares, and suggests the likely intended key', () => {
    const { warnings } = compiled.validate(
      { backend: { baseUrl: 'x', baseURL: 'x', database: { client: 'pg', pool: {} } }, catlog: {} },
      locate,
    );
    expect(warnings).toEqual([
      {
        key: 'backend.baseURL',
        message: "Unknown key: no plugin, module or the core declares it (did you mean 'baseUrl'?)",
        location: { file: 'app-config.local.yaml', line: 2, column: 12 },
      },
      { key: 'backend.database.pool', message: 'Unknown key: no plugin, module or the core declares it' },
      {
        key: 'catlog',
        message: "Unknown key: no plugin, module or the core declares it (did you mean 'catalog'?)",
      },
    ]);
  });

  it('allows anything below records, loose objects and unknown values', () => {
    const { warnings } = compiled.validate({
      backend: { baseUrl: 'x', extra: { a: { b: 1 } } },
      catalog: { locations: [{ type: 'url', target: 'x' }], providers: { github: { org: 'x' } } },
    });
    expect(warnings).toEqual([]);
  });

  it('looks into array items and into the matching alternative of a union', () => {
    const { warnings } = compiled.validate({
      backend: { baseUrl: 'x', listen: { port: 1, hots: 'x' } },
      catalog: { locations: [{ type: 'url', target: 'x', rules: [] }] },
    });
    expect(warnings.map((w) => w.key)).toEqual(['backend.listen.hots', 'catalog.locations[0].rules']);
  });
});

describe('visibility', () => {
  const data = {
    app: { title: 'Portal', baseUrl: 'http://app' },
    backend: {
      baseUrl: 'http://backend',
      database: { client: 'pg' as const, connection: { password: 'hunter2', host: 'db' } },
      auth: { keys: [{ secret: 'k1' }, { secret: 'k2' }] },
    },
  };

  it('frontendView keeps only values marked frontend, with their parents', () => {
    expect(compiled.frontendView(data)).toEqual({ app: { title: 'Portal', baseUrl: 'http://app' } });
  });

  it('secretValues lists every string marked secret, also inside a secret array', () => {
    expect(compiled.secretValues(data).sort()).toEqual(['hunter2', 'k1', 'k2']);
  });

  it('redact replaces secret values and keeps the rest', () => {
    const redacted = compiled.redact(data);
    expect(redacted.backend).toEqual({
      baseUrl: 'http://backend',
      database: { client: 'pg', connection: { password: '<secret>', host: 'db' } },
      auth: { keys: [{ secret: '<secret>' }, { secret: '<secret>' }] },
    });
    expect(data.backend.database.connection.password).toBe('hunter2');
  });

  it('rejects a key marked both frontend and secret, by one source or by two', () => {
    const both = z.object({
      a: z.object({ b: z.string().meta({ visibility: 'frontend' }) }).meta({ visibility: 'secret' }),
    });
    expect(() => compileConfigSchemas([{ source: 'x', schema: both }])).toThrow(
      "Config schema of x: 'a.b' is marked both 'frontend' and 'secret'",
    );
    expect(() =>
      compileConfigSchemas([
        { source: 'x', schema: z.object({ k: z.string().meta({ visibility: 'frontend' }) }) },
        { source: 'y', schema: z.object({ k: z.string().meta({ visibility: 'secret' }) }) },
      ]),
    ).toThrow(/'k' is marked both 'frontend' and 'secret'/);
  });

  it('rejects unknown visibilities', () => {
    expect(() =>
      compileConfigSchemas([
        { source: 'x', schema: z.object({ k: z.string().meta({ visibility: 'public' }) }) },
      ]),
    ).toThrow(`Config schema of x: 'k' has visibility "public"; use 'frontend', 'backend' or 'secret'`);
  });
});

describe('formatConfigIssues', () => {
  it('prints one line per issue with location, key, message and source', () => {
    expect(
      formatConfigIssues([
        {
          key: 'backend.listen.port',
          message: 'Expected number, received string',
          source: 'core',
          location: { file: 'app-config.yaml', line: 3, column: 11 },
        },
        { key: 'x', message: 'Unknown key', location: { file: 'APP_CONFIG_x' } },
      ]),
    ).toBe(
      'app-config.yaml:3:11 backend.listen.port: Expected number, received string (from core)\nAPP_CONFIG_x x: Unknown key',
    );
  });
});
