import { describe, expect, it } from 'vitest';
import { isPermittedByRestrictions } from './access-restrictions.js';
import {
  criteriaDepth,
  evaluateCriteria,
  exceedsJsonDepth,
  mapCriteria,
  permissionCriteriaSchema,
} from './criteria.js';
import { createPermission } from './permission.js';

const leaf = (rule: string) => ({ rule, resourceType: 'doc' });

describe('criteria helpers', () => {
  it('maps every condition of a tree, keeping its shape', () => {
    expect(mapCriteria({ allOf: [leaf('A'), { not: leaf('B') }] }, (c) => c.rule.toLowerCase())).toEqual({
      allOf: ['a', { not: 'b' }],
    });
  });

  it('evaluates allOf, anyOf and not', () => {
    const truth = (c: { rule: string }) => c.rule === 'T';
    expect(evaluateCriteria({ allOf: [leaf('T'), leaf('T')] }, truth)).toBe(true);
    expect(evaluateCriteria({ allOf: [leaf('T'), leaf('F')] }, truth)).toBe(false);
    expect(evaluateCriteria({ anyOf: [leaf('F'), leaf('T')] }, truth)).toBe(true);
    expect(evaluateCriteria({ not: { anyOf: [leaf('F')] } }, truth)).toBe(true);
  });

  it('measures depth and validates trees from the wire, refusing unknown keys', () => {
    expect(criteriaDepth(leaf('A'))).toBe(1);
    expect(criteriaDepth({ not: { allOf: [leaf('A'), { anyOf: [leaf('B')] }] } })).toBe(4);
    expect(permissionCriteriaSchema.safeParse({ anyOf: [leaf('A')] }).success).toBe(true);
    expect(permissionCriteriaSchema.safeParse({ anyOf: [] }).success).toBe(false);
    expect(permissionCriteriaSchema.safeParse({ rule: 'A', resourceType: 'doc', extra: 1 }).success).toBe(
      false,
    );
  });

  it('tells whether a JSON value nests deeper than a limit, however deep it is', () => {
    let deep: unknown = {};
    for (let i = 0; i < 200_000; i++) deep = { not: deep };
    expect(exceedsJsonDepth(deep, 30)).toBe(true);
    expect(exceedsJsonDepth({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(exceedsJsonDepth({ a: [{ b: {} }] }, 3)).toBe(true);
  });
});

describe('isPermittedByRestrictions', () => {
  const read = createPermission({ name: 'docs.doc.read', attributes: { action: 'read' } });
  const noAction = createPermission({ name: 'docs.doc.touch' });

  it('permits everything without restrictions, and only listed names or actions with them', () => {
    expect(isPermittedByRestrictions(read, undefined)).toBe(true);
    expect(isPermittedByRestrictions(read, { permissionNames: ['docs.doc.read'] })).toBe(true);
    expect(isPermittedByRestrictions(read, { permissionNames: ['docs.doc.write'] })).toBe(false);
    expect(isPermittedByRestrictions(read, { permissionAttributes: { action: ['read'] } })).toBe(true);
    expect(isPermittedByRestrictions(read, { permissionAttributes: { action: ['delete'] } })).toBe(false);
    expect(isPermittedByRestrictions(noAction, { permissionAttributes: { action: ['read'] } })).toBe(false);
  });
});
