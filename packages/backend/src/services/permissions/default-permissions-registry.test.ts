import type { PermissionRule } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import { createPermission } from '@greenroom/plugin-permission-common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DefaultPermissionsRegistry } from './default-permissions-registry.js';

interface Doc {
  ref: string;
  owner: string;
  tags: string[];
}
type DocQuery = { field: string; values: string[] };

const isOwner: PermissionRule<Doc, DocQuery, 'doc', { claims: string[] }> = {
  name: 'IS_OWNER',
  description: 'The caller owns the doc',
  resourceType: 'doc',
  paramsSchema: z.object({ claims: z.array(z.string()) }),
  apply: (doc, { claims }) => claims.includes(doc.owner),
  toQuery: ({ claims }) => ({ field: 'owner', values: claims }),
};
const hasTag: PermissionRule<Doc, DocQuery, 'doc', { tag: string }> = {
  name: 'HAS_TAG',
  description: 'The doc has the tag',
  resourceType: 'doc',
  paramsSchema: z.object({ tag: z.string() }),
  apply: (doc, { tag }) => doc.tags.includes(tag),
  toQuery: ({ tag }) => ({ field: 'tags', values: [tag] }),
};
const docRead = createPermission({
  name: 'docs.doc.read',
  attributes: { action: 'read' },
  resourceType: 'doc',
});
const docCreate = createPermission({ name: 'docs.doc.create', attributes: { action: 'create' } });

const docs: Doc[] = [
  { ref: 'doc:a', owner: 'group:default/a', tags: ['public'] },
  { ref: 'doc:b', owner: 'group:default/b', tags: [] },
];

function registry(): DefaultPermissionsRegistry {
  const r = new DefaultPermissionsRegistry('docs');
  r.addResourceType<Doc, DocQuery>({
    resourceType: 'doc',
    permissions: [docRead],
    rules: [isOwner, hasTag],
    getResources: async (refs) => refs.map((ref) => docs.find((d) => d.ref === ref)),
  });
  r.addPermissions([docCreate]);
  return r;
}

const owned = { rule: 'IS_OWNER', resourceType: 'doc', params: { claims: ['group:default/a'] } };
const tagged = { rule: 'HAS_TAG', resourceType: 'doc', params: { tag: 'public' } };

describe('DefaultPermissionsRegistry', () => {
  it('turns a criteria tree into the plugin query type through its rules', () => {
    expect(registry().toQuery('doc', { anyOf: [owned, { not: tagged }] })).toEqual({
      anyOf: [
        { field: 'owner', values: ['group:default/a'] },
        { not: { field: 'tags', values: ['public'] } },
      ],
    });
  });

  it('applies conditions in memory with allOf, anyOf and not', () => {
    const r = registry();
    const [a, b] = docs as [Doc, Doc];
    expect(r.applyConditions('doc', a, { allOf: [owned, tagged] })).toBe(true);
    expect(r.applyConditions('doc', b, { anyOf: [owned, tagged] })).toBe(false);
    expect(r.applyConditions('doc', b, { not: owned })).toBe(true);
  });

  it('refuses unknown rules and invalid params with an InputError naming the rule', () => {
    const r = registry();
    expect(() => r.toQuery('doc', { rule: 'NOPE', resourceType: 'doc' })).toThrow(InputError);
    expect(() => r.toQuery('doc', { rule: 'NOPE', resourceType: 'doc' })).toThrow(/IS_OWNER, HAS_TAG/);
    expect(() => r.toQuery('doc', { rule: 'HAS_TAG', resourceType: 'doc', params: { tag: 3 } })).toThrow(
      /Invalid params for permission rule 'HAS_TAG'/,
    );
    expect(() => r.toQuery('other', owned)).toThrow(InputError);
  });

  it('refuses rules for resource types it has not registered, and resource types registered twice', () => {
    const r = registry();
    expect(() => r.addPermissionRules([{ ...hasTag, resourceType: 'other' }])).toThrow(
      /addResourceType first/,
    );
    expect(() => r.addResourceType({ resourceType: 'doc', rules: [] })).toThrow(/twice/);
  });

  it('publishes permissions, resource types and rules with JSON Schema params', () => {
    const metadata = registry().getMetadata();
    expect(metadata.pluginId).toBe('docs');
    expect(metadata.permissions.map((p) => p.name)).toEqual(['docs.doc.read', 'docs.doc.create']);
    expect(metadata.resourceTypes).toEqual(['doc']);
    const rule = metadata.rules.find((r) => r.name === 'IS_OWNER');
    expect(rule?.paramsSchema).toMatchObject({
      type: 'object',
      properties: { claims: { type: 'array', items: { type: 'string' } } },
    });
  });

  it('applies conditions to a batch of resources loaded by ref, denying missing ones', async () => {
    const result = await registry().applyConditionsBatch({
      items: [
        { id: '1', resourceRef: 'doc:a', resourceType: 'doc', conditions: owned },
        { id: '2', resourceRef: 'doc:b', resourceType: 'doc', conditions: owned },
        { id: '3', resourceRef: 'doc:missing', resourceType: 'doc', conditions: { not: owned } },
      ],
    });
    expect(result.items).toEqual([
      { id: '1', result: 'ALLOW' },
      { id: '2', result: 'DENY' },
      { id: '3', result: 'DENY' },
    ]);
    await expect(
      registry().applyConditionsBatch({
        items: [{ id: '1', resourceRef: 'x', resourceType: 'unknown', conditions: owned }],
      }),
    ).rejects.toThrow(InputError);
  });
});
