import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinModelFragment } from '../builtin/builtin-fragment.js';
import { compileModel } from './catalog-model.js';
import { defineModelFragment, type JsonSchemaObject } from './model-fragment.js';

const recursive = z.object({ name: z.string() }).meta({ id: 'Node' });
const plugin = defineModelFragment({
  source: 'plugin:environments',
  kinds: [
    {
      kind: 'Environment',
      apiVersions: ['acme.com/v1'],
      description: 'Where components run.',
      spec: z.object({ region: z.enum(['eu', 'us']).describe('The region.'), root: recursive }),
      specRequired: false,
    },
  ],
  annotations: [{ key: 'acme.com/pager', description: 'Pager rotation', value: z.string().regex(/^P/) }],
});
const model = compileModel([builtinModelFragment, plugin]);
const schema = model.toJsonSchema();

function conditionFor(kind: string): JsonSchemaObject {
  const conditions = schema.allOf as {
    if: { properties: { kind: { const: string } } };
    then: JsonSchemaObject;
  }[];
  const found = conditions.find((condition) => condition.if.properties.kind.const === kind);
  if (!found) throw new Error(`no condition for ${kind}`);
  return found as unknown as JsonSchemaObject;
}

describe('toJsonSchema', () => {
  it('is a draft-07 schema of the envelope that rejects unknown root fields', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(schema.additionalProperties).toBe(false);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it("offers every installed kind and apiVersion, a plugin's included", () => {
    const properties = schema.properties as Record<string, { enum: string[] }>;
    expect(properties.kind!.enum).toEqual([
      'Component',
      'API',
      'Resource',
      'System',
      'Domain',
      'Group',
      'User',
      'Location',
      'Template',
      'Environment',
    ]);
    expect(properties.apiVersion!.enum).toEqual([
      'backstage.io/v1alpha1',
      'backstage.io/v1beta1',
      'scaffolder.backstage.io/v1beta3',
      'acme.com/v1',
    ]);
  });

  it("applies each kind's spec schema through if/then on kind and apiVersion", () => {
    const environment = conditionFor('Environment') as {
      if: JsonSchemaObject;
      then: { properties: { spec: JsonSchemaObject }; required?: string[] };
    };
    expect(environment.if).toEqual({
      properties: { kind: { const: 'Environment' }, apiVersion: { const: 'acme.com/v1' } },
      required: ['kind', 'apiVersion'],
    });
    expect(environment.then.required).toBeUndefined();
    expect(environment.then.properties.spec.description).toBe('Where components run.');
    expect((environment.then.properties.spec.properties as Record<string, JsonSchemaObject>).region).toEqual({
      type: 'string',
      enum: ['eu', 'us'],
      description: 'The region.',
    });
    const component = conditionFor('Component') as {
      if: { properties: { apiVersion: unknown } };
      then: { required: string[]; properties: { spec: { required: string[] } } };
    };
    expect(component.if.properties.apiVersion).toEqual({
      enum: ['backstage.io/v1alpha1', 'backstage.io/v1beta1'],
    });
    expect(component.then.required).toEqual(['spec']);
    expect(component.then.properties.spec.required).toEqual(['type', 'lifecycle', 'owner']);
  });

  it('moves definitions of spec schemas into the shared definitions and rewrites their refs', () => {
    const definitions = schema.definitions as Record<string, JsonSchemaObject>;
    const environment = conditionFor('Environment') as {
      then: { properties: { spec: { properties: { root: JsonSchemaObject } } } };
    };
    const ref = environment.then.properties.spec.properties.root.$ref as string;
    expect(ref).toBe('#/definitions/Environment_acme.com_v1.Node');
    expect(definitions['Environment_acme.com_v1.Node']).toMatchObject({ type: 'object', required: ['name'] });
  });

  it('describes metadata with the format rules as patterns and the well-known annotations', () => {
    const metadata = (schema.definitions as Record<string, JsonSchemaObject>).metadata as {
      required: string[];
      properties: Record<string, JsonSchemaObject>;
    };
    expect(metadata.required).toEqual(['name']);
    const namePattern = new RegExp(metadata.properties.name!.pattern as string);
    expect(namePattern.test('checkout-service')).toBe(true);
    expect(namePattern.test('-bad')).toBe(false);
    const annotations = metadata.properties.annotations as {
      properties: Record<string, JsonSchemaObject>;
      propertyNames: { pattern: string };
    };
    expect(annotations.properties['backstage.io/techdocs-ref']!.description).toContain('documentation');
    expect(annotations.properties['acme.com/pager']).toEqual({
      type: 'string',
      description: 'Pager rotation',
      pattern: '^P',
    });
    const keyPattern = new RegExp(annotations.propertyNames.pattern);
    expect(['backstage.io/techdocs-ref', 'plain', 'a.b/C_d'].every((key) => keyPattern.test(key))).toBe(true);
    expect(['a/b/c', 'Backstage.io/x', 'a b'].some((key) => keyPattern.test(key))).toBe(false);
    const tagPattern = new RegExp((metadata.properties.tags!.items as JsonSchemaObject).pattern as string);
    expect(tagPattern.test('c++')).toBe(true);
    expect(tagPattern.test('Java')).toBe(false);
  });

  it('hands out a copy each time', () => {
    const first = model.toJsonSchema();
    (first.properties as Record<string, unknown>).kind = 'changed';
    expect(model.toJsonSchema().properties).not.toMatchObject({ kind: 'changed' });
  });
});

describe('introspect', () => {
  it('describes kinds, relations, relation fields and annotations with their sources as plain JSON', () => {
    const description = model.introspect();
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
    expect(description.kinds.at(-1)).toMatchObject({
      kind: 'Environment',
      apiVersions: ['acme.com/v1'],
      specRequired: false,
      source: 'plugin:environments',
    });
    expect(description.relations[0]).toEqual({
      type: 'ownedBy',
      reverse: 'ownerOf',
      description: 'Owned by a group or user',
      reverseDescription: 'Owns the entity',
      source: 'greenroom:builtin',
    });
    expect(description.relationFields).toContainEqual({
      kind: 'Component',
      path: 'spec.owner',
      relation: 'ownedBy',
      reverse: 'ownerOf',
      defaultKind: 'Group',
      defaultNamespace: 'inherit',
      targetKinds: ['Group', 'User'],
      source: 'greenroom:builtin',
    });
    expect(description.annotations.find((annotation) => annotation.key === 'acme.com/pager')).toEqual({
      key: 'acme.com/pager',
      description: 'Pager rotation',
      valueSchema: { type: 'string', pattern: '^P' },
      source: 'plugin:environments',
    });
  });
});

describe('describeForAi', () => {
  it('is short markdown naming every kind with its required fields, the relations and the ref format', () => {
    const builtinText = compileModel([builtinModelFragment]).describeForAi();
    expect(new TextEncoder().encode(builtinText).length).toBeLessThan(3 * 1024);
    expect(builtinText).toContain('- **Component**: spec requires type, lifecycle, owner;');
    expect(builtinText).toContain(
      '- **Template** (`scaffolder.backstage.io/v1beta3`): spec requires type, steps;',
    );
    expect(builtinText).toContain('`spec.owner` → ownedBy/ownerOf (default kind Group)');
    expect(builtinText).toContain('`[kind:][namespace/]name`');
    expect(model.describeForAi()).toContain('- **Environment** (`acme.com/v1`): spec requires region, root');
  });
});
