import { describe, expect, it } from 'vitest';
import { diffEntities, escapePointerSegment, type JsonPatchOperation } from './json-patch.js';

/** A minimal RFC 6902 applier for add/remove/replace, to check that patches are exact. */
function applyPatch(document: unknown, operations: readonly JsonPatchOperation[]): unknown {
  const root = { value: structuredClone(document) } as Record<string, any>;
  for (const operation of operations) {
    const segments = operation.path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let parent: any = root;
    let key: string = 'value';
    for (const segment of segments) {
      parent = parent[key];
      key = segment;
    }
    if (Array.isArray(parent)) {
      const index = Number(key);
      if (operation.op === 'add') parent.splice(index, 0, operation.value);
      else if (operation.op === 'remove') parent.splice(index, 1);
      else parent[index] = operation.value;
    } else if (operation.op === 'remove') delete parent[key];
    else parent[key] = operation.value;
  }
  return root.value;
}

const relations = (count: number, skip: number[] = []) =>
  Array.from({ length: count }, (_, i) => i)
    .filter((i) => !skip.includes(i))
    .map((i) => ({ type: 'hasMember', targetRef: `user:default/u${String(i).padStart(5, '0')}` }));

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'team-a',
    uid: 'id-1',
    etag: 'e1',
    annotations: { 'backstage.io/managed-by-location': 'url:https://example.com/a.yaml' },
    tags: ['java', 'go'],
  },
  spec: { type: 'team', children: [] as string[] },
  relations: relations(5_000),
};

describe('diffEntities', () => {
  it('is empty for equal entities, whatever their key order', () => {
    const reordered = { relations: entity.relations, spec: entity.spec, metadata: entity.metadata };
    expect(diffEntities(entity, { ...reordered, kind: 'Group', apiVersion: entity.apiVersion })).toEqual([]);
  });

  it('ignores metadata.etag', () => {
    expect(diffEntities(entity, { ...entity, metadata: { ...entity.metadata, etag: 'e2' } })).toEqual([]);
  });

  it('turns one changed annotation of a big entity into one operation, escaping the pointer', () => {
    const next = structuredClone(entity);
    next.metadata.annotations['backstage.io/managed-by-location'] = 'url:https://example.com/b.yaml';
    expect(diffEntities(entity, next)).toEqual([
      {
        op: 'replace',
        path: '/metadata/annotations/backstage.io~1managed-by-location',
        value: 'url:https://example.com/b.yaml',
      },
    ]);
  });

  it('adds and removes object keys', () => {
    const next = structuredClone(entity) as any;
    next.metadata.annotations['backstage.io/orphan'] = 'true';
    delete next.spec.children;
    expect(diffEntities(entity, next)).toEqual([
      { op: 'add', path: '/metadata/annotations/backstage.io~1orphan', value: 'true' },
      { op: 'remove', path: '/spec/children' },
    ]);
    expect(applyPatch(entity, diffEntities(entity, next))).toEqual(next);
  });

  it('inserts and removes single items of a long sorted array', () => {
    const before = { ...entity, relations: relations(5_000, [10, 4_000]) };
    const after = { ...entity, relations: relations(5_000, [2_500, 4_999]) };
    const patch = diffEntities(before, after);
    expect(patch).toEqual([
      { op: 'remove', path: '/relations/4997' },
      { op: 'remove', path: '/relations/2499' },
      { op: 'add', path: '/relations/10', value: after.relations[10] },
      { op: 'add', path: '/relations/3999', value: after.relations[3999] },
    ]);
    expect(applyPatch(before, patch)).toEqual(after);
  });

  it('produces exact patches for reorders, type changes and nested arrays', () => {
    const cases: [unknown, unknown][] = [
      [{ a: [1, 2, 3] }, { a: [3, 2, 1] }],
      [{ a: [1, 2, 3] }, { a: [] }],
      [{ a: [] }, { a: ['x', 'y'] }],
      [{ a: [{ b: [1] }, { b: [2] }] }, { a: [{ b: [1, 5] }, { c: 1 }, { b: [2] }] }],
      [{ a: { b: 1 } }, { a: [1] }],
      [{ a: 'x' }, { a: null }],
      [{ a: [1, 1, 2] }, { a: [1, 2, 2, 3] }],
      [{ 'x/y~z': 1 }, { 'x/y~z': 2 }],
    ];
    for (const [before, after] of cases) {
      expect(applyPatch(before, diffEntities(before as object, after as object))).toEqual(after);
    }
  });
});

describe('escapePointerSegment', () => {
  it('escapes ~ before /', () => {
    expect(escapePointerSegment('a~1/b')).toBe('a~01~1b');
  });
});
