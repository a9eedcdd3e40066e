import { describe, expect, it } from 'vitest';
import { builtinModelFragment } from '../builtin/builtin-fragment.js';
import { compileModel } from '../model/catalog-model.js';
import { parseEntityYaml } from './parse-entity-yaml.js';

const twoEntities = `# a comment
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
  annotations:
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
  lifecycle: production
  owner: team-a
  dependsOn:
    - resource:orders-db
    - orders-cache
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-a
spec:
  type: team
  children: []
`;

describe('parseEntityYaml', () => {
  it('returns each document that is a mapping as an entity with its position', () => {
    const parsed = parseEntityYaml(twoEntities);
    expect(parsed.errors).toEqual([]);
    expect(
      parsed.entities.map(({ entity, position, documentIndex }) => [entity.kind, position, documentIndex]),
    ).toEqual([
      ['Component', { line: 2, column: 1 }, 0],
      ['Group', { line: 16, column: 1 }, 1],
    ]);
    expect(parsed.entities[0]!.entity.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'team-a',
      dependsOn: ['resource:orders-db', 'orders-cache'],
    });
  });

  it('locates the JSON path of a validation issue as line and column', () => {
    const parsed = parseEntityYaml(twoEntities);
    const model = compileModel([builtinModelFragment]);
    const [issue] = model.validateEntity(parsed.entities[0]!.entity);
    expect(issue!.path).toEqual(['spec', 'dependsOn', 1]);
    expect(parsed.locate(0, issue!.path)).toEqual({ line: 14, column: 7 });
    expect(parsed.locate(0, ['metadata', 'annotations', 'backstage.io/techdocs-ref'])).toEqual({
      line: 7,
      column: 5,
    });
    expect(parsed.locate(1, ['spec', 'children'])).toEqual({ line: 22, column: 3 });
  });

  it('locates a missing field at the nearest part that exists', () => {
    const parsed = parseEntityYaml(twoEntities);
    expect(parsed.locate(1, ['spec', 'owner'])).toEqual({ line: 20, column: 1 });
    expect(parsed.locate(1, [])).toEqual({ line: 16, column: 1 });
    expect(parsed.locate(7, ['spec'])).toBeUndefined();
  });

  it('skips empty documents and reports documents that are not mappings, keeping the others', () => {
    const text = '---\n---\n# only a comment\n---\n~\n---\n- a list\n---\njust text\n---\nkind: Component\n';
    const parsed = parseEntityYaml(text, { fileName: 'all.yaml' });
    expect(parsed.entities.map((entry) => [entry.entity, entry.documentIndex])).toEqual([
      [{ kind: 'Component' }, 5],
    ]);
    expect(parsed.errors).toEqual([
      {
        message:
          'all.yaml, document 4: expected an entity (a mapping with apiVersion, kind, metadata and spec), found a list',
        line: 7,
        column: 1,
        documentIndex: 3,
      },
      {
        message:
          'all.yaml, document 5: expected an entity (a mapping with apiVersion, kind, metadata and spec), found a string',
        line: 9,
        column: 1,
        documentIndex: 4,
      },
    ]);
  });

  it('reports YAML syntax errors and duplicate keys per document with their position', () => {
    const text = 'kind: A\nkind: B\n---\nkind: @x\n---\nkind: Fine\n';
    const parsed = parseEntityYaml(text);
    expect(parsed.entities.map((entry) => entry.entity)).toEqual([{ kind: 'Fine' }]);
    expect(parsed.errors.map(({ documentIndex, line, column }) => [documentIndex, line, column])).toEqual([
      [0, 2, 1],
      [1, 4, 7],
    ]);
    expect(parsed.errors[0]!.message).toMatch(/^catalog-info\.yaml, document 1: Map keys must be unique/);
  });

  it('rejects a file larger than maxBytes as a whole, counting UTF-8 bytes', () => {
    expect(parseEntityYaml('a: b\n', { maxBytes: 4 })).toMatchObject({
      entities: [],
      errors: [
        {
          message: 'catalog-info.yaml: the file is larger than 4 bytes; split it into several files',
          line: 1,
          column: 1,
        },
      ],
    });
    expect(parseEntityYaml('a: é\n', { maxBytes: 5 }).errors).toHaveLength(1);
    expect(parseEntityYaml('a: é\n', { maxBytes: 6 }).errors).toHaveLength(0);
  });

  it('rejects a file with more than maxDocuments documents as a whole', () => {
    const parsed = parseEntityYaml('a: 1\n---\na: 2\n---\na: 3\n', { maxDocuments: 2 });
    expect(parsed.entities).toEqual([]);
    expect(parsed.errors[0]!.message).toContain('more than 2 documents');
    expect(parsed.errors[0]!.documentIndex).toBeUndefined();
  });

  it('rejects alias bombs in the document that holds them', () => {
    const bomb = [
      'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    const parsed = parseEntityYaml(`${bomb}\n---\nkind: Fine\n`);
    expect(parsed.entities.map((entry) => entry.entity)).toEqual([{ kind: 'Fine' }]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.message).toContain('more than 100 alias references');
    expect(parsed.errors[0]!.documentIndex).toBe(0);
  });

  it('rejects aliases that expand to too many values even under the alias count', () => {
    const big = `[${Array.from({ length: 2_000 }, () => '1').join(', ')}]`;
    const parsed = parseEntityYaml(`a: &a ${big}\nb: [*a, *a, *a, *a, *a, *a]\n`);
    expect(parsed.errors[0]!.message).toContain('aliases expand to more than 10000 values');
  });

  it('resolves a few aliases normally and honours maxAliases', () => {
    const text = 'metadata: &m\n  name: a\ncopy: *m\n';
    expect(parseEntityYaml(text).entities[0]!.entity).toEqual({
      metadata: { name: 'a' },
      copy: { name: 'a' },
    });
    expect(parseEntityYaml(text, { maxAliases: 0 }).errors[0]!.message).toContain(
      'more than 0 alias references',
    );
  });

  it('rejects documents nested deeper than maxDepth', () => {
    const deep = `${Array.from({ length: 10 }, (_, level) => `${'  '.repeat(level)}a:`).join('\n')} 1\n`;
    expect(parseEntityYaml(deep, { maxDepth: 5 }).errors[0]!.message).toContain(
      'nested more than 5 levels deep',
    );
    expect(parseEntityYaml(deep).errors).toEqual([]);
    const flow = `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    expect(parseEntityYaml(flow).errors[0]!.message).toContain('nested more than 64 levels deep');
  });

  it('applies merge keys only when asked to', () => {
    const text = 'base: &base\n  owner: a\n  type: x\nspec:\n  <<: *base\n  type: y\n';
    expect(parseEntityYaml(text, { merge: true }).entities[0]!.entity.spec).toEqual({
      owner: 'a',
      type: 'y',
    });
    expect(parseEntityYaml(text).entities[0]!.entity.spec).toEqual({
      '<<': { owner: 'a', type: 'x' },
      type: 'y',
    });
  });

  it('keeps a __proto__ key as data', () => {
    const entity = parseEntityYaml('__proto__:\n  polluted: true\n').entities[0]!.entity;
    expect(Object.getPrototypeOf(entity)).toBe(Object.prototype);
    expect(Object.keys(entity)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns number, boolean and null keys into strings and keeps YAML 1.2 core values', () => {
    expect(parseEntityYaml('1: a\ntrue: b\n~: c\nyes: on\nn: 0x10\n').entities[0]!.entity).toEqual({
      1: 'a',
      true: 'b',
      '': 'c',
      yes: 'on',
      n: 16,
    });
  });

  it('returns nothing for an empty file', () => {
    expect(parseEntityYaml('')).toMatchObject({ entities: [], errors: [] });
  });
});
