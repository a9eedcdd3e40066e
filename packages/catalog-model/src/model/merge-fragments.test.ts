import { ConflictError, InputError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinModelFragment } from '../builtin/builtin-fragment.js';
import { compileModel } from './catalog-model.js';
import { defineModelFragment } from './model-fragment.js';

const environments = defineModelFragment({
  source: 'plugin:environments',
  kinds: [
    {
      kind: 'Environment',
      apiVersions: ['acme.com/v1'],
      description: 'Where components run.',
      spec: z.object({ owner: z.string().min(1), region: z.enum(['eu', 'us']) }),
    },
    {
      kind: 'Component',
      apiVersions: ['acme.com/v2'],
      spec: z.object({ owner: z.string().min(1), tier: z.number().int() }),
    },
  ],
  relations: [{ type: 'deployedTo', reverse: 'hosts', description: 'Runs in the environment' }],
  relationFields: [
    { kind: 'Environment', path: 'spec.owner', relation: 'ownedBy', defaultKind: 'Group' },
    { kind: 'Component', path: 'spec.deployedTo', relation: 'deployedTo', defaultKind: 'Environment' },
  ],
  annotations: [
    { key: 'acme.com/pager', description: 'Pager rotation', value: z.string().regex(/^P[A-Z0-9]+$/) },
  ],
  labels: [{ key: 'acme.com/tier', description: 'Service tier', value: z.enum(['gold', 'silver']) }],
});

const model = compileModel([builtinModelFragment, environments]);

describe('a plugin fragment', () => {
  it('adds a new kind', () => {
    const environment = {
      apiVersion: 'acme.com/v1',
      kind: 'Environment',
      metadata: { name: 'prod-eu' },
      spec: { owner: 'platform', region: 'eu' },
    };
    expect(model.validateEntity(environment)).toEqual([]);
    expect(
      model.validateEntity({ ...environment, spec: { owner: 'platform', region: 'mars' } })[0]!.path,
    ).toEqual(['spec', 'region']);
    expect(model.relationsOf(environment)).toContainEqual({
      source: 'environment:default/prod-eu',
      type: 'ownedBy',
      target: 'group:default/platform',
    });
  });

  it('adds a new apiVersion of Component with its own spec, keeping the built-in versions', () => {
    const v2 = {
      apiVersion: 'acme.com/v2',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: { owner: 'a', tier: 1 },
    };
    expect(model.validateEntity(v2)).toEqual([]);
    expect(model.validateEntity({ ...v2, spec: { owner: 'a', tier: 'one' } })[0]!.path).toEqual([
      'spec',
      'tier',
    ]);
    const v1 = {
      ...v2,
      apiVersion: 'backstage.io/v1alpha1',
      spec: { type: 'service', lifecycle: 'production', owner: 'a' },
    };
    expect(model.validateEntity(v1)).toEqual([]);
  });

  it('adds a relation field to a built-in kind, applying to all its apiVersions', () => {
    const component = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: { type: 'service', lifecycle: 'production', owner: 'a', deployedTo: 'prod-eu' },
    };
    expect(model.relationsOf(component)).toEqual(
      expect.arrayContaining([
        { source: 'component:shop/checkout', type: 'deployedTo', target: 'environment:shop/prod-eu' },
        { source: 'environment:shop/prod-eu', type: 'hosts', target: 'component:shop/checkout' },
      ]),
    );
  });

  it('adds annotations and labels whose values are checked', () => {
    const entity = {
      apiVersion: 'acme.com/v1',
      kind: 'Environment',
      metadata: {
        name: 'x',
        annotations: { 'acme.com/pager': 'nope' },
        labels: { 'acme.com/tier': 'bronze' },
      },
      spec: { owner: 'a', region: 'eu' },
    };
    const issues = model.validateEntity(entity);
    expect(issues.map((issue) => issue.path)).toEqual([
      ['metadata', 'annotations', 'acme.com/pager'],
      ['metadata', 'labels', 'acme.com/tier'],
    ]);
    expect(issues[0]!.message).toMatch(/^"metadata\.annotations\["acme\.com\/pager"\]" is not valid/);
  });

  it('may take its spec schema as JSON Schema, converted with z.fromJSONSchema', () => {
    const fromYaml = compileModel([
      {
        source: 'file:kinds.yaml',
        kinds: [
          {
            kind: 'Database',
            apiVersions: ['acme.com/v1'],
            spec: {
              $schema: 'http://json-schema.org/draft-07/schema#',
              type: 'object',
              required: ['engine'],
              properties: { engine: { $ref: '#/definitions/engine' }, size: { type: 'integer', minimum: 1 } },
              definitions: { engine: { type: 'string', enum: ['postgres', 'mysql'] } },
            },
          },
        ],
      },
    ]);
    const database = {
      apiVersion: 'acme.com/v1',
      kind: 'Database',
      metadata: { name: 'orders' },
      spec: { engine: 'postgres' },
    };
    expect(fromYaml.validateEntity(database)).toEqual([]);
    expect(
      fromYaml
        .validateEntity({ ...database, spec: { engine: 'oracle', size: 0 } })
        .map((issue) => issue.path),
    ).toEqual([
      ['spec', 'engine'],
      ['spec', 'size'],
    ]);
    expect(fromYaml.introspect().kinds[0]!.specSchema.required).toEqual(['engine']);
  });

  it('explains a JSON Schema zod cannot convert, naming the kind and source', () => {
    const conditional = JSON.parse('{ "if": {}, "then": {} }');
    expect(() =>
      compileModel([
        { source: 'file:bad.yaml', kinds: [{ kind: 'X', apiVersions: ['v1'], spec: conditional }] },
      ]),
    ).toThrow(/The JSON Schema of kind X declared by "file:bad.yaml" cannot be used/);
  });
});

describe('combining fragments', () => {
  it('accepts identical duplicate declarations', () => {
    const again = defineModelFragment({ ...environments, source: 'plugin:environments-copy' });
    expect(() => compileModel([builtinModelFragment, environments, again])).not.toThrow();
    expect(() => compileModel([builtinModelFragment, builtinModelFragment])).not.toThrow();
  });

  it('rejects a kind+apiVersion declared differently, naming both sources', () => {
    const other = defineModelFragment({
      source: 'plugin:other',
      kinds: [
        { kind: 'Component', apiVersions: ['backstage.io/v1alpha1'], spec: z.object({ name: z.string() }) },
      ],
    });
    expect(() => compileModel([builtinModelFragment, other])).toThrow(ConflictError);
    expect(() => compileModel([builtinModelFragment, other])).toThrow(
      'Kind Component with apiVersion backstage.io/v1alpha1 is declared differently by "greenroom:builtin" and by "plugin:other"',
    );
  });

  it('rejects a relation type with a different reverse, naming both sources', () => {
    const other = defineModelFragment({
      source: 'plugin:other',
      relations: [{ type: 'ownedBy', reverse: 'owns' }],
    });
    expect(() => compileModel([builtinModelFragment, other])).toThrow(
      'Relation type "ownedBy" is declared with reverse "ownerOf" by "greenroom:builtin" and with reverse "owns" by "plugin:other"',
    );
  });

  it('accepts a relation pair declared from its other side', () => {
    const reversed = defineModelFragment({
      source: 'plugin:other',
      relations: [{ type: 'ownerOf', reverse: 'ownedBy' }],
    });
    expect(compileModel([builtinModelFragment, reversed]).introspect().relations).toHaveLength(7);
  });

  it('rejects a relation field declared differently, naming both sources', () => {
    const other = defineModelFragment({
      source: 'plugin:other',
      relationFields: [{ kind: 'Component', path: 'spec.owner', relation: 'ownedBy', defaultKind: 'User' }],
    });
    expect(() => compileModel([builtinModelFragment, other])).toThrow(
      /Relation field spec.owner of kind Component is declared differently by "greenroom:builtin" \(ownedBy, default kind Group, targets Group\/User\) and by "plugin:other" \(ownedBy, default kind User\)/,
    );
  });

  it('rejects an annotation declared with a different value schema, naming both sources', () => {
    const a = defineModelFragment({ source: 'a', annotations: [{ key: 'x.io/y', value: z.string() }] });
    const b = defineModelFragment({ source: 'b', annotations: [{ key: 'x.io/y', value: z.enum(['1']) }] });
    expect(() => compileModel([a, b])).toThrow(
      'Annotation x.io/y is declared with different value schemas by "a" and by "b"',
    );
  });

  it('rejects kinds that differ only in case', () => {
    const other = defineModelFragment({
      source: 'plugin:other',
      kinds: [{ kind: 'COMPONENT', apiVersions: ['x/v1'] }],
    });
    expect(() => compileModel([builtinModelFragment, other])).toThrow(
      /differs only in case from kind "Component"/,
    );
  });

  it('requires a relation field to use a declared relation type and kind', () => {
    const unknownRelation = defineModelFragment({
      source: 'plugin:other',
      relationFields: [{ kind: 'Component', path: 'spec.runsOn', relation: 'runsOn' }],
    });
    expect(() => compileModel([builtinModelFragment, unknownRelation])).toThrow(InputError);
    expect(() => compileModel([builtinModelFragment, unknownRelation])).toThrow(
      /uses relation type "runsOn", which no fragment declares/,
    );
    const unknownKind = defineModelFragment({
      source: 'plugin:other',
      relationFields: [{ kind: 'Robot', path: 'spec.owner', relation: 'ownedBy' }],
    });
    expect(() => compileModel([builtinModelFragment, unknownKind])).toThrow(
      /is for kind "Robot", which no fragment declares/,
    );
  });
});

describe('defineModelFragment', () => {
  it('rejects malformed declarations, naming the source and the entry', () => {
    expect(() =>
      defineModelFragment({ source: 'plugin:x', kinds: [{ kind: 'bad kind', apiVersions: ['x/v1'] }] }),
    ).toThrow(
      /Model fragment "plugin:x" is not valid: kinds\[0\]\.kind: expected a string of 1–63 letters and digits/,
    );
    expect(() =>
      defineModelFragment({ source: 'plugin:x', kinds: [{ kind: 'A', apiVersions: [] }] }),
    ).toThrow(/kinds\[0\]\.apiVersions/);
    expect(() =>
      defineModelFragment({ source: 'plugin:x', relations: [{ type: 'has part', reverse: 'x' }] }),
    ).toThrow(/relations\[0\]\.type/);
    expect(() =>
      defineModelFragment({
        source: 'plugin:x',
        relationFields: [{ kind: 'A', path: 'owner', relation: 'ownedBy' }],
      }),
    ).toThrow(/relationFields\[0\]\.path: expected a dotted path/);
    expect(() => defineModelFragment({ source: 'plugin:x', annotations: [{ key: 'Not Valid' }] })).toThrow(
      /annotations\[0\]\.key/,
    );
    expect(() => defineModelFragment({ source: '' })).toThrow(/source/);
    expect(() => defineModelFragment({ source: 'x', kindz: [] } as never)).toThrow(/kindz/);
  });

  it('returns the fragment frozen', () => {
    expect(Object.isFrozen(environments)).toBe(true);
  });
});
